import {
  MESSAGE_KINDS,
  MESSAGE_POSITIONS,
  PLACEMENTS,
  targetSelectors,
  type Action,
  type Cta,
  type ContentMessage as Message,
  type MessageContent,
} from '@touchpoint/content';
import { h } from 'preact';
import { AudienceFields } from './AudienceFields.js';
import { CopyFields, plain, SelectField, TargetField, TextField, VariantsField } from './Fields.js';
import type { BuilderActions, BuilderView } from './builder-view.js';
import { t } from './strings.js';

const actionMode = (a: Action | undefined) => (!a || a === 'dismiss' ? 'dismiss' : 'url' in a ? 'url' : 'flow' in a ? 'flow' : 'event');
const actionValue = (a: Action | undefined) => (!a || a === 'dismiss' ? '' : 'url' in a ? a.url : 'flow' in a ? a.flow : a.event);
function actionOf(mode: string, value: string): Action {
  if (mode === 'url') return { url: value };
  if (mode === 'flow') return { flow: value };
  if (mode === 'event') return { event: value };
  return 'dismiss';
}

/** A message of any kind: its kind, where it shows, its copy and call-to-action, audience, trigger and repeat, and copy variants. */
export function MessageForm({ message, view, actions }: { message: Message; view: BuilderView; actions: BuilderActions }) {
  const edit = (patch: Partial<Message>) => actions.edit({ kind: 'message', patch });
  const variant = message.experiment?.variants.find((v) => v.id === view.variant);
  const content: MessageContent = variant ? variant.content : message;
  const editCopy = (patch: Partial<MessageContent>) => (variant ? actions.edit({ kind: 'variant', id: variant.id, copy: patch }) : edit(patch));
  const pointed = message.kind === 'tooltip' || message.kind === 'hotspot';
  const cta: Cta | undefined = content.cta;
  const setCta = (label: string, action: Action) => editCopy({ cta: label ? { label, action } : undefined });
  return (
    <div>
      <TextField id="tp-message-name" label={t.name} value={message.name ?? ''} onInput={(v) => edit({ name: v })} />
      <SelectField
        id="tp-message-kind"
        label={t.kind}
        value={message.kind}
        options={MESSAGE_KINDS.map((k): [string, string] => [k, t.messageKinds[k] ?? k])}
        onChange={(v) => edit({ kind: v as Message['kind'] })}
      />
      {pointed ? (
        <div>
          <TargetField selectors={targetSelectors(message)} view={view} actions={actions} />
          <SelectField
            id="tp-placement"
            label={t.placement}
            value={message.placement ?? 'bottom'}
            options={PLACEMENTS}
            onChange={(v) => edit({ placement: v as Message['placement'] })}
          />
        </div>
      ) : message.kind !== 'modal' ? (
        <SelectField
          id="tp-position"
          label={t.position}
          value={message.position ?? (message.kind === 'banner' ? 'bottom' : 'bottom-end')}
          options={message.kind === 'banner' ? ['top', 'bottom'] : MESSAGE_POSITIONS.filter((p) => p.includes('-'))}
          onChange={(v) => edit({ position: v as Message['position'] })}
        />
      ) : null}
      <CopyFields
        title={plain(content.title)}
        body={plain(content.body)}
        actions={actions}
        onTitle={(v) => editCopy({ title: v })}
        onBody={(v) => editCopy({ body: v })}
      />
      <div class="row">
        <TextField id="tp-cta" label={t.buttonLabel} value={plain(cta?.label)} onInput={(v) => setCta(v, cta?.action ?? 'dismiss')} />
        <SelectField
          id="tp-cta-action"
          label={t.theButton}
          value={actionMode(cta?.action)}
          options={['dismiss', 'url', 'flow', 'event'].map((m): [string, string] => [m, t.ctaModes[m]!])}
          onChange={(v) => setCta(plain(cta?.label) || 'OK', actionOf(v, actionValue(cta?.action)))}
        />
        {cta && actionMode(cta.action) !== 'dismiss' && (
          <TextField
            id="tp-cta-value"
            label={t.ctaValue}
            value={actionValue(cta.action)}
            onInput={(v) => setCta(plain(cta.label), actionOf(actionMode(cta.action), v))}
          />
        )}
      </div>
      <AudienceFields item={message} doc={view.doc} onChange={(patch) => edit(patch)} />
      <VariantsField experiment={message.experiment} view={view} actions={actions} />
      <button type="button" class="quiet" onClick={() => actions.edit({ kind: 'deleteMessage' })}>
        {t.deleteMessage}
      </button>
    </div>
  );
}
