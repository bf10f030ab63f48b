import { OPERATORS, TRIGGER_KINDS, type Audience, type ContentDocument, type Repeat, type Trigger } from '@touchpoint/content';
import { h } from 'preact';
import { SelectField, TextField } from './Fields.js';
import { fmt, t } from './strings.js';

type Targeted = { id: string; audience?: Audience; trigger?: Trigger; repeat?: Repeat };

/** The simple condition the builder edits in place: one trait compared with a value. */
type TraitCondition = { trait: string; op: (typeof OPERATORS)[number]; value?: unknown };

const isTrait = (a: Audience | undefined): a is TraitCondition => typeof a === 'object' && a !== null && 'trait' in a;

function triggerOf(on: string, was: Trigger | undefined): Trigger {
  const url = was && 'url' in was ? was.url : undefined;
  if (on === 'page') return { on, url: url ?? '/*' };
  if (on === 'event') return { on, event: was?.on === 'event' ? was.event : '' };
  if (on === 'click') return { on, selector: was?.on === 'click' ? was.selector : '' };
  if (on === 'delay') return { on, seconds: was?.on === 'delay' ? was.seconds : 5 };
  return { on: 'manual' };
}

/**
 * Who sees it (everyone, a segment of the draft, or one trait compared with a value; richer
 * conditions stay as they are and are edited in the dashboard), when (the trigger) and how often.
 */
export function AudienceFields({ item, doc, onChange }: { item: Targeted; doc: ContentDocument; onChange(patch: Partial<Targeted>): void }) {
  const a = item.audience;
  const mode = a === undefined ? 'everyone' : typeof a === 'string' ? `segment:${a}` : isTrait(a) ? 'trait' : 'other';
  const segments = (doc.segments ?? []).map((s): [string, string] => [`segment:${s.id}`, fmt(t.segmentX, { name: s.name ?? s.id })]);
  const options: Array<[string, string]> = [
    ['everyone', t.everyone],
    ...segments,
    ['trait', t.traitUsers],
    ...(mode === 'other' ? [['other', t.otherCondition] as [string, string]] : []),
  ];
  const trigger = item.trigger ?? { on: 'manual' as const };
  const repeat = typeof item.repeat === 'object' ? 'every' : (item.repeat ?? 'once');
  return (
    <div>
      <SelectField
        id="tp-audience"
        label={t.audience}
        value={mode}
        options={options}
        onChange={(v) =>
          onChange({
            audience: v === 'everyone' ? undefined : v === 'trait' ? { trait: 'plan', op: 'eq', value: '' } : v.startsWith('segment:') ? v.slice(8) : a,
          })
        }
      />
      {isTrait(a) && (
        <div class="row">
          <TextField id="tp-trait" label={t.trait} value={a.trait} onInput={(v) => onChange({ audience: { ...a, trait: v } })} />
          <SelectField
            id="tp-op"
            label={t.comparedBy}
            value={a.op}
            options={OPERATORS}
            onChange={(v) => onChange({ audience: { ...a, op: v as TraitCondition['op'] } })}
          />
          <TextField
            id="tp-value"
            label={t.value}
            value={a.value === undefined ? '' : String(a.value)}
            onInput={(v) => onChange({ audience: { ...a, value: v } })}
          />
        </div>
      )}
      <SelectField
        id="tp-trigger"
        label={t.startsOn}
        value={trigger.on}
        options={TRIGGER_KINDS.map((k): [string, string] => [k, t.triggers[k] ?? k])}
        onChange={(v) => onChange({ trigger: triggerOf(v, trigger) })}
      />
      {trigger.on === 'page' || trigger.on === 'delay' ? (
        <TextField
          id="tp-trigger-url"
          label={t.urlPattern}
          value={trigger.url ?? ''}
          onInput={(v) => onChange({ trigger: { ...trigger, url: v } as Trigger })}
        />
      ) : null}
      {trigger.on === 'event' && (
        <TextField id="tp-trigger-event" label={t.eventName} value={trigger.event} onInput={(v) => onChange({ trigger: { ...trigger, event: v } })} />
      )}
      {trigger.on === 'click' && (
        <TextField
          id="tp-trigger-selector"
          label={t.clickedElement}
          value={trigger.selector}
          onInput={(v) => onChange({ trigger: { ...trigger, selector: v } })}
        />
      )}
      {trigger.on === 'delay' && (
        <TextField
          id="tp-trigger-seconds"
          label={t.afterSeconds}
          value={String(trigger.seconds)}
          onInput={(v) => onChange({ trigger: { ...trigger, seconds: Number(v) || 0 } })}
        />
      )}
      <SelectField
        id="tp-repeat"
        label={t.shows}
        value={repeat}
        options={['once', 'until-completed', 'always', 'every'].map((r): [string, string] => [r, t.repeats[r]!])}
        onChange={(v) => onChange({ repeat: v === 'every' ? { everyDays: 30 } : (v as Repeat) })}
      />
      {typeof item.repeat === 'object' && (
        <TextField
          id="tp-repeat-days"
          label={t.days}
          value={String(item.repeat.everyDays)}
          onInput={(v) => onChange({ repeat: { everyDays: Number(v) || 1 } })}
        />
      )}
    </div>
  );
}
