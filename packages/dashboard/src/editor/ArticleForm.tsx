import { Fragment, h } from 'preact';
import { localize } from '@touchpoint/content';
import type { Article } from '@touchpoint/content';
import { freshId, getAt, type DocPath } from './doc-path.js';
import { Group, ItemList, Localized, Row, Text, useEditor, fieldId } from './fields.js';

/** The resource center: its articles (searchable help) and the contact it offers. */
export function ArticlesSection() {
  const { t } = useEditor();
  return (
    <Fragment>
      <ItemList<Article>
        path={['resources', 'articles']}
        collapsible
        title={(a, i) => `${t.article} ${i + 1}: ${localize(a.title, 'en') || a.id}`}
        add={t.addArticle}
        make={(all) => ({
          id: freshId(
            'article',
            all.map((a) => a.id),
          ),
          title: '',
          body: '',
        })}
      >
        {(path) => (
          <Fragment>
            <Row>
              <Text path={[...path, 'id']} label={t.id} required />
              <Localized path={[...path, 'title']} label={t.title} required />
            </Row>
            <Localized path={[...path, 'body']} label={t.body} multiline required />
            <TagsField path={[...path, 'tags']} />
            <Row>
              <Text path={[...path, 'url']} label={t.articleUrl} type="url" />
              <Text path={[...path, 'image']} label={t.image} />
              <Localized path={[...path, 'imageAlt']} label={t.imageAlt} />
              <Text path={[...path, 'video']} label={t.video} />
            </Row>
          </Fragment>
        )}
      </ItemList>
      <Group path={['resources', 'contact']} legend={t.contact}>
        <Row>
          <Localized path={['resources', 'contact', 'label']} label={t.contactLabel} />
          <Text path={['resources', 'contact', 'email']} label={t.email} type="email" />
          <Text path={['resources', 'contact', 'url']} label={t.contactUrl} type="url" />
        </Row>
      </Group>
    </Fragment>
  );
}

/** Tags as a comma-separated line. */
function TagsField({ path }: { path: DocPath }) {
  const { doc, set, t } = useEditor();
  const tags = getAt(doc, path) as string[] | undefined;
  const id = fieldId(path);
  return (
    <div class="f">
      <label for={id}>{t.tags}</label>
      <input
        id={id}
        value={(tags ?? []).join(', ')}
        aria-describedby={`${id}-help`}
        onInput={(e) => {
          const raw = (e.currentTarget as HTMLInputElement).value;
          set(path, raw.trim() ? raw.split(',').map((x) => x.trimStart()) : undefined);
        }}
      />
      <p class="help" id={`${id}-help`}>
        {t.tagsHelp}
      </p>
    </div>
  );
}
