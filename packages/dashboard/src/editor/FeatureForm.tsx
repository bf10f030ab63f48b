import { Fragment, h } from 'preact';
import { FEATURE_EVENTS } from '@touchpoint/content';
import type { Feature } from '@touchpoint/content';
import { freshId } from './doc-path.js';
import { Choice, ItemList, Row, Text, useEditor } from './fields.js';

/** Features whose use counts for adoption and health: a selector (and the DOM event), or a tracked event. */
export function FeaturesSection() {
  const { t } = useEditor();
  return (
    <ItemList<Feature>
      path={['features']}
      collapsible
      title={(f, i) => `${t.feature} ${i + 1}: ${f.name || f.id}`}
      add={t.addFeature}
      make={(all) => ({
        id: freshId(
          'feature',
          all.map((f) => f.id),
        ),
        selector: '',
      })}
    >
      {(path) => (
        <Fragment>
          <Row>
            <Text path={[...path, 'id']} label={t.id} required />
            <Text path={[...path, 'name']} label={t.name} />
          </Row>
          <Row>
            <Text path={[...path, 'selector']} label={t.featureSelector} />
            <Choice path={[...path, 'on']} label={t.domEvent} options={FEATURE_EVENTS} empty={t.byDefault} />
            <Text path={[...path, 'event']} label={t.orEvent} />
          </Row>
        </Fragment>
      )}
    </ItemList>
  );
}
