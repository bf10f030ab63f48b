import { Fragment, h } from 'preact';
import type { Checklist, ChecklistItem } from '@touchpoint/content';
import { freshId, getAt, type DocPath } from './doc-path.js';
import { Choice, Group, ItemList, Localized, Row, Text, useEditor } from './fields.js';
import { ActionFields, AudienceField } from './rules.js';
import { ConditionBuilder } from './ConditionBuilder.js';
import { contentIds } from './ids.js';

/** Onboarding checklists: items done by a condition (an event…) or by finishing a flow. */
export function ChecklistsSection() {
  const { doc, t } = useEditor();
  return (
    <ItemList<Checklist>
      path={['checklists']}
      collapsible
      title={(c, i) => `${t.checklist} ${i + 1}: ${c.id}`}
      add={t.addChecklist}
      make={() => ({ id: freshId('checklist', contentIds(doc)), title: '', items: [{ id: 'item-1', title: '', done: { event: '' } }] })}
    >
      {(path) => (
        <Fragment>
          <Row>
            <Text path={[...path, 'id']} label={t.id} required help={t.idHelp} />
            <Localized path={[...path, 'title']} label={t.title} required />
          </Row>
          <AudienceField path={[...path, 'audience']} />
          <ItemList<ChecklistItem>
            path={[...path, 'items']}
            title={(x, i) => `${t.item} ${i + 1}: ${x.id}`}
            add={t.addItem}
            make={(items) => ({
              id: freshId(
                'item',
                items.map((x) => x.id),
              ),
              title: '',
              done: { event: '' },
            })}
          >
            {(itemPath) => <ItemFields path={itemPath} />}
          </ItemList>
        </Fragment>
      )}
    </ItemList>
  );
}

function ItemFields({ path }: { path: DocPath }) {
  const { doc, set, t } = useEditor();
  const done = getAt(doc, [...path, 'done']) as ChecklistItem['done'] | undefined;
  const byFlow = !!done && 'flow' in done;
  return (
    <Fragment>
      <Row>
        <Text path={[...path, 'id']} label={t.id} required />
        <Localized path={[...path, 'title']} label={t.title} required />
      </Row>
      <Localized path={[...path, 'description']} label={t.description} multiline />
      <Group path={[...path, 'done']} legend={t.doneWhen}>
        <Choice
          path={[...path, 'done', '']}
          label={t.doneBy}
          options={['flow', 'condition']}
          names={{ flow: t.doneByFlow, condition: t.doneByCondition }}
          value={byFlow ? 'flow' : 'condition'}
          onPick={(v) => set([...path, 'done'], v === 'flow' ? { flow: doc.flows?.[0]?.id ?? '' } : { event: '' })}
        />
        {byFlow ? (
          <Choice path={[...path, 'done', 'flow']} label={t.flow} options={(doc.flows ?? []).map((f) => f.id)} empty="" />
        ) : (
          <ConditionBuilder path={[...path, 'done']} />
        )}
      </Group>
      <ActionFields path={[...path, 'action']} legend={t.itemAction} />
    </Fragment>
  );
}
