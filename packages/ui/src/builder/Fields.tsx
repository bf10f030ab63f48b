import type { LocalizedText } from '@touchpoint/content';
import { h } from 'preact';
import { Markdown } from '../Markdown.js';
import type { BuilderActions, BuilderView, SelectorStatus } from './builder-view.js';
import { fmt, t } from './strings.js';

/** The text a field edits: a localized text shows (and edits) its first locale's string. */
export const plain = (text: LocalizedText | undefined): string => (typeof text === 'string' ? text : text ? (Object.values(text)[0] ?? '') : '');

const value = (e: Event) => (e.target as HTMLInputElement).value;

/** A labelled text input that reports each keystroke. */
export function TextField(p: { id: string; label: string; value: string; onInput(value: string): void; placeholder?: string; describedBy?: string }) {
  return (
    <div class="field">
      <label for={p.id}>{p.label}</label>
      <input id={p.id} type="text" value={p.value} placeholder={p.placeholder} aria-describedby={p.describedBy} onInput={(e) => p.onInput(value(e))} />
    </div>
  );
}

/** A labelled select. */
export function SelectField(p: { id: string; label: string; value: string; options: ReadonlyArray<string | [string, string]>; onChange(value: string): void }) {
  return (
    <div class="field">
      <label for={p.id}>{p.label}</label>
      <select id={p.id} value={p.value} onChange={(e) => p.onChange(value(e))}>
        {p.options.map((o) => {
          const [v, text] = typeof o === 'string' ? [o, o] : o;
          return (
            <option key={v} value={v}>
              {text}
            </option>
          );
        })}
      </select>
    </div>
  );
}

/** What a target's selector matches now, and why it may not hold. */
function TargetStatus({ id, status }: { id: string; status?: SelectorStatus }) {
  if (!status) return null;
  return (
    <div class="match" id={id} aria-live="polite">
      <span data-tone={status.unique ? 'ok' : 'warn'}>
        {status.count === 1 ? t.matchesOne : fmt(t.matchesN, { n: status.count })}
        {status.unique ? t.unique : ''}
      </span>
      {status.warnings.length > 0 && (
        <ul class="warnings">
          {status.warnings.map((w) => (
            <li key={w}>{t.warnings[w] ?? w}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The content model's limit on a target's selectors (the target and its fallbacks). */
const MAX_SELECTORS = 10;

/**
 * The target's selectors, each editable with its live match count: the target, then its
 * fallbacks (tried in order when the ones before find nothing), each with its own "Pick an
 * element", reordered (a fallback moved up past the target becomes the target) and removed.
 */
export function TargetField(p: { selectors: string[]; view: BuilderView; actions: BuilderActions }) {
  const { view, actions } = p;
  const list = p.selectors.length ? p.selectors : [''];
  const set = (next: string[]) => actions.edit({ kind: 'target', selectors: next });
  const at = (i: number, value: string) => set(list.map((s, j) => (j === i ? value : s)));
  const move = (from: number, to: number) => {
    const next = [...list];
    next.splice(to, 0, ...next.splice(from, 1));
    set(next);
  };
  const picking = (i: number) => view.picking && (view.pickingAt ?? 0) === i;
  const status = (i: number) => (list[i] ? <TargetStatus id={`tp-target-status-${i}`} status={view.targets[i]} /> : null);
  return (
    <div class="target">
      <TextField
        id="tp-target"
        label={t.target}
        value={list[0]!}
        onInput={(v) => at(0, v)}
        placeholder={t.targetPlaceholder}
        describedBy={list[0] ? 'tp-target-status-0' : undefined}
      />
      <button type="button" aria-pressed={picking(0)} onClick={() => actions.pick(0)}>
        {t.pickElement}
      </button>
      {view.picking && <p class="hint">{t.pickHint}</p>}
      {status(0)}
      {list.length > 1 && (
        <ol class="fallbacks" aria-label={t.fallbacks}>
          {list.slice(1).map((selector, k) => {
            const i = k + 1;
            return (
              <li key={i}>
                <TextField
                  id={`tp-fallback-${i}`}
                  label={fmt(t.fallbackN, { n: i })}
                  value={selector}
                  onInput={(v) => at(i, v)}
                  describedBy={selector ? `tp-target-status-${i}` : undefined}
                />
                <div class="row">
                  <button type="button" aria-pressed={picking(i)} onClick={() => actions.pick(i)}>
                    {fmt(t.pickForFallback, { n: i })}
                  </button>
                  <button type="button" class="quiet" aria-label={fmt(t.moveFallbackUp, { n: i })} onClick={() => move(i, i - 1)}>
                    ↑
                  </button>
                  <button
                    type="button"
                    class="quiet"
                    aria-label={fmt(t.moveFallbackDown, { n: i })}
                    disabled={i === list.length - 1}
                    onClick={() => move(i, i + 1)}
                  >
                    ↓
                  </button>
                  <button type="button" class="quiet" aria-label={fmt(t.removeFallback, { n: i })} onClick={() => set(list.filter((_, j) => j !== i))}>
                    ✕
                  </button>
                </div>
                {status(i)}
              </li>
            );
          })}
        </ol>
      )}
      {list[0] && list.length < MAX_SELECTORS && (
        <div class="row">
          <button type="button" onClick={() => set([...list, ''])}>
            {t.addFallback}
          </button>
          <button type="button" aria-pressed={picking(list.length)} onClick={() => actions.pick(list.length)}>
            {t.pickFallback}
          </button>
        </div>
      )}
    </div>
  );
}

/** Title and body, with the body rendered as users will read it. */
export function CopyFields(p: { title: string; body: string; actions: BuilderActions; onTitle(v: string): void; onBody(v: string): void }) {
  return (
    <div>
      <TextField id="tp-title" label={t.title} value={p.title} onInput={p.onTitle} />
      <div class="field">
        <label for="tp-body">{t.body}</label>
        <textarea id="tp-body" rows={3} value={p.body} onInput={(e) => p.onBody(value(e))} />
      </div>
      {p.body && (
        <fieldset class="rendered">
          <legend class="sr">{t.bodyRendered}</legend>
          <Markdown blocks={p.actions.markdown(p.body)} />
        </fieldset>
      )}
    </div>
  );
}

/** The variants of an experiment on this item's copy: pick the one to edit and preview, weights, control and goal. */
export function VariantsField(p: {
  experiment?: { id: string; goal: { event: string }; control?: number; variants: Array<{ id: string; weight: number }> };
  view: BuilderView;
  actions: BuilderActions;
}) {
  const { experiment: x, view, actions } = p;
  if (!x)
    return (
      <div class="row">
        <button type="button" onClick={() => actions.edit({ kind: 'addVariant' })}>
          {t.testCopy}
        </button>
      </div>
    );
  return (
    <fieldset class="variants">
      <legend>{fmt(t.experiment, { id: x.id })}</legend>
      <fieldset class="row">
        <legend class="sr">{t.variantToEdit}</legend>
        <button type="button" aria-pressed={view.variant === undefined} onClick={() => actions.select({ variant: undefined })}>
          {t.ownCopy}
        </button>
        {x.variants.map((v) => (
          <button type="button" key={v.id} aria-pressed={view.variant === v.id} onClick={() => actions.select({ variant: v.id })}>
            {fmt(t.variantX, { id: v.id })}
          </button>
        ))}
        <button type="button" onClick={() => actions.edit({ kind: 'addVariant' })}>
          {t.addVariant}
        </button>
      </fieldset>
      {x.variants.map((v) => (
        <div class="row" key={v.id}>
          <label for={`tp-weight-${v.id}`}>{fmt(t.weightOf, { id: v.id })}</label>
          <input
            id={`tp-weight-${v.id}`}
            type="number"
            min={0}
            max={100}
            value={v.weight}
            onInput={(e) => actions.edit({ kind: 'variant', id: v.id, weight: Number(value(e)) })}
          />
          <button type="button" class="quiet" onClick={() => actions.edit({ kind: 'deleteVariant', id: v.id })}>
            {fmt(t.removeVariant, { id: v.id })}
          </button>
        </div>
      ))}
      <div class="row">
        <label for="tp-control">{t.control}</label>
        <input
          id="tp-control"
          type="number"
          min={0}
          max={100}
          value={x.control ?? 0}
          onInput={(e) => actions.edit({ kind: 'experiment', patch: { control: Number(value(e)) } })}
        />
      </div>
      <TextField
        id="tp-goal"
        label={t.goal}
        value={x.goal.event}
        onInput={(v) => actions.edit({ kind: 'experiment', patch: { goal: { ...x.goal, event: v } } })}
      />
      <button type="button" class="quiet" onClick={() => actions.edit({ kind: 'removeExperiment' })}>
        {t.removeExperiment}
      </button>
    </fieldset>
  );
}
