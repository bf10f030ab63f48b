import { h } from 'preact';
import { ADVANCE_MODES, REPEAT_MODES, TRIGGER_KINDS } from '@touchpoint/content';
import type { Action, Advance, Repeat, Trigger } from '@touchpoint/content';
import { getAt, type DocPath } from './doc-path.js';
import { Choice, FieldErrors, Group, Localized, Num, Row, Text, errorsAt, fieldId, useEditor } from './fields.js';
import { ConditionBuilder } from './ConditionBuilder.js';

/**
 * The parts flows, messages, checklists and surveys share: when they start (trigger), how often
 * (repeat), for whom (audience), what a button does (action). Each is a union in the document;
 * here a select picks the form, and the fields of that form follow.
 */

/** What starts the content: a page, an event, a click, a delay; none is "manual" (the default). */
export function TriggerFields({ path }: { path: DocPath }) {
  const { doc, set, t } = useEditor();
  const trigger = getAt(doc, path) as Trigger | undefined;
  const url = trigger && 'url' in trigger ? trigger.url : undefined;
  const pick = (on: string) => {
    if (!on) return set(path, undefined);
    // The URL carries over between kinds that have one; the other fields start empty.
    const next: Record<string, unknown> = { on };
    if (on === 'page') next.url = url ?? '/*';
    else if (on !== 'manual' && url) next.url = url;
    if (on === 'delay') next.seconds = 10;
    set(path, next);
  };
  return (
    <Group path={path} legend={t.trigger}>
      <Row>
        <Choice
          path={[...path, 'on']}
          label={t.triggerOn}
          options={TRIGGER_KINDS}
          names={t.triggerKinds}
          empty={t.triggerDefault}
          same="manual"
          value={trigger?.on ?? ''}
          onPick={pick}
        />
        {trigger?.on === 'event' && <Text path={[...path, 'event']} label={t.eventName} />}
        {trigger?.on === 'click' && <Text path={[...path, 'selector']} label={t.clickSelector} />}
        {trigger?.on === 'delay' && <Num path={[...path, 'seconds']} label={t.seconds} min={0} />}
        {trigger && trigger.on !== 'manual' && <Text path={[...path, 'url']} label={trigger.on === 'page' ? t.pageUrl : t.onlyOnUrl} help={t.urlHelp} />}
      </Row>
    </Group>
  );
}

/** How often: once (the default), until completed, always, or every N days (`label`, `names`: a journey's own words for them). */
export function RepeatField({ path, label, names }: { path: DocPath; label?: string; names?: Record<string, string> }) {
  const { doc, set, t } = useEditor();
  const repeat = getAt(doc, path) as Repeat | undefined;
  const mode = typeof repeat === 'object' ? 'everyDays' : (repeat ?? '');
  return (
    <Row>
      <Choice
        path={path}
        label={label ?? t.repeat}
        options={[...REPEAT_MODES, 'everyDays']}
        names={names ?? t.repeatModes}
        empty={t.repeatDefault}
        same="once"
        value={mode}
        onPick={(v) => set(path, v === 'everyDays' ? { everyDays: 30 } : v || undefined)}
      />
      {mode === 'everyDays' && <Num path={[...path, 'everyDays']} label={t.everyDays} min={1} step={1} />}
    </Row>
  );
}

/** For whom: everyone, a named segment, or a condition built here. */
export function AudienceField({ path }: { path: DocPath }) {
  const { doc, set, t } = useEditor();
  const audience = getAt(doc, path);
  const segments = (doc.segments ?? []).map((s) => s.id);
  const mode = audience === undefined ? '' : typeof audience === 'string' ? 'segment' : 'condition';
  return (
    <Group path={path} legend={t.audience}>
      <Choice
        path={[...path, '']}
        label={t.audienceIs}
        options={['segment', 'condition']}
        names={{ segment: t.aSegment, condition: t.aCondition }}
        empty={t.everyone}
        value={mode}
        onPick={(v) => set(path, v === 'segment' ? (segments[0] ?? '') : v === 'condition' ? { trait: '', op: 'eq', value: '' } : undefined)}
      />
      {mode === 'segment' && <SegmentPicker path={path} label={t.segment} />}
      {mode === 'condition' && <ConditionBuilder path={path} />}
    </Group>
  );
}

/** A select of the document's segments, for an audience or a `segment` condition. */
export function SegmentPicker({ path, label }: { path: DocPath; label: string }) {
  const { doc } = useEditor();
  return <Choice path={path} label={label} options={(doc.segments ?? []).map((s) => s.id)} empty="" />;
}

const ACTION_KINDS = ['dismiss', 'url', 'flow', 'event'] as const;

/** What a button or a checklist item does: close, open a link, start a flow, track an event. */
export function ActionFields({ path, legend }: { path: DocPath; legend: string }) {
  const { doc, set, t } = useEditor();
  const action = getAt(doc, path) as Action | undefined;
  const kind = action === undefined ? '' : action === 'dismiss' ? 'dismiss' : (ACTION_KINDS.find((k) => k in (action as object)) ?? '');
  const flows = (doc.flows ?? []).map((f) => f.id);
  return (
    <Group path={path} legend={legend}>
      <Row>
        <Choice
          path={[...path, '']}
          label={t.actionKind}
          options={ACTION_KINDS}
          names={t.actionKinds}
          empty={t.none}
          value={kind}
          onPick={(v) =>
            set(
              path,
              v === 'dismiss' ? 'dismiss' : v === 'url' ? { url: '' } : v === 'flow' ? { flow: flows[0] ?? '' } : v === 'event' ? { event: '' } : undefined,
            )
          }
        />
        {kind === 'url' && <Text path={[...path, 'url']} label={t.link} type="url" />}
        {kind === 'flow' && <Choice path={[...path, 'flow']} label={t.flow} options={flows} empty="" />}
        {kind === 'event' && <Text path={[...path, 'event']} label={t.eventName} />}
      </Row>
    </Group>
  );
}

/** A call-to-action button: its label and what it does. */
export function CtaFields({ path }: { path: DocPath }) {
  const { doc, set, t } = useEditor();
  const cta = getAt(doc, path);
  if (!cta)
    return (
      <button type="button" class="add" onClick={() => set(path, { label: '', action: 'dismiss' })}>
        {t.addButton}
      </button>
    );
  return (
    <Group path={path} legend={t.button}>
      <Localized path={[...path, 'label']} label={t.buttonLabel} required />
      <ActionFields path={[...path, 'action']} legend={t.buttonAction} />
      <button type="button" class="danger" onClick={() => set(path, undefined)}>
        {t.removeButton}
      </button>
    </Group>
  );
}

/** How a step moves on: the Next button (default), a click on the target, an event, a URL. */
export function AdvanceField({ path }: { path: DocPath }) {
  const { doc, set, t } = useEditor();
  const advance = getAt(doc, path) as Advance | undefined;
  const mode = advance === undefined ? '' : typeof advance === 'string' ? advance : (ADVANCE_MODES.find((m) => m in advance) ?? '');
  return (
    <Row>
      <Choice
        path={path}
        label={t.advance}
        options={ADVANCE_MODES}
        names={t.advanceModes}
        empty={t.advanceDefault}
        same="button"
        value={mode}
        onPick={(v) => set(path, v === 'click' ? { click: true } : v === 'event' ? { event: '' } : v === 'url' ? { url: '' } : v || undefined)}
      />
      {mode === 'event' && <Text path={[...path, 'event']} label={t.eventName} />}
      {mode === 'url' && <Text path={[...path, 'url']} label={t.advanceUrl} help={t.urlHelp} />}
    </Row>
  );
}

/**
 * A target: one CSS selector, or fallbacks tried in order (a list in the document). One per
 * line here; a single line is written as a string.
 */
export function TargetField({ path, label }: { path: DocPath; label: string }) {
  const { doc, set, errors, t } = useEditor();
  const value = getAt(doc, path);
  const id = fieldId(path);
  const errs = errorsAt(errors, path, true);
  const text = Array.isArray(value) ? value.join('\n') : typeof value === 'string' ? value : '';
  return (
    <div class="f">
      <label for={id}>{label}</label>
      <textarea
        id={id}
        rows={Array.isArray(value) ? value.length : 1}
        class="code"
        spellcheck={false}
        value={text}
        aria-invalid={errs.length ? 'true' : undefined}
        aria-describedby={[errs.length && `${id}-error`, `${id}-help`].filter(Boolean).join(' ')}
        onInput={(e) => {
          // Each line as typed (a new, empty line is a fallback being written; the validator says so until it is).
          const lines = (e.currentTarget as HTMLTextAreaElement).value.split('\n');
          set(path, lines.length > 1 ? lines : lines[0] || undefined);
        }}
      />
      <p class="help" id={`${id}-help`}>
        {t.targetHelp}
      </p>
      <FieldErrors id={id} errs={errs} />
    </div>
  );
}
