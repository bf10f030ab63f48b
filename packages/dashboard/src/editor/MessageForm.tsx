import { h } from 'preact';
import { MESSAGE_KINDS, MESSAGE_POSITIONS, PLACEMENTS } from '@touchpoint/content';
import type { ContentMessage } from '@touchpoint/content';
import { freshId, type DocPath } from './doc-path.js';
import { Choice, ItemList, Localized, Num, Row, Text, useEditor } from './fields.js';
import { AudienceField, CtaFields, RepeatField, TargetField, TriggerFields } from './rules.js';
import { ExperimentFields } from './ExperimentForm.js';
import { contentIds } from './ids.js';

/** Messages of every kind (modal, banner, slideout, tooltip, hotspot), with audience, trigger, repeat, CTA and an optional copy experiment. */
export function MessagesSection() {
  const { doc, t } = useEditor();
  return (
    <ItemList<ContentMessage>
      path={['messages']}
      collapsible
      title={(m, i) => `${t.message} ${i + 1}: ${m.name || m.id}`}
      add={t.addMessage}
      make={() => ({ id: freshId('message', contentIds(doc)), kind: 'modal' })}
    >
      {(path, m) => <MessageFields path={path} message={m} />}
    </ItemList>
  );
}

function MessageFields({ path, message }: { path: DocPath; message: ContentMessage }) {
  const { t } = useEditor();
  const targeted = message.kind === 'tooltip' || message.kind === 'hotspot';
  return (
    <div>
      <Row>
        <Text path={[...path, 'id']} label={t.id} required help={t.idHelp} />
        <Choice path={[...path, 'kind']} label={t.messageKind} options={MESSAGE_KINDS} names={t.messageKinds} />
        <Text path={[...path, 'name']} label={t.name} />
        <Num path={[...path, 'priority']} label={t.priority} step={1} />
      </Row>
      <Localized path={[...path, 'title']} label={t.title} />
      <Localized path={[...path, 'body']} label={t.body} multiline />
      <Row>
        <Text path={[...path, 'image']} label={t.image} />
        <Localized path={[...path, 'imageAlt']} label={t.imageAlt} />
        <Text path={[...path, 'video']} label={t.video} />
      </Row>
      <CtaFields path={[...path, 'cta']} />
      {targeted ? (
        <Row>
          <TargetField path={[...path, 'target']} label={t.target} />
          <Choice path={[...path, 'placement']} label={t.placement} options={PLACEMENTS} empty={t.byDefault} />
        </Row>
      ) : (
        (message.kind === 'banner' || message.kind === 'slideout') && (
          <Choice path={[...path, 'position']} label={t.position} options={MESSAGE_POSITIONS} empty={t.byDefault} />
        )
      )}
      <AudienceField path={[...path, 'audience']} />
      <TriggerFields path={[...path, 'trigger']} />
      <RepeatField path={[...path, 'repeat']} />
      <ExperimentFields path={[...path, 'experiment']} />
    </div>
  );
}
