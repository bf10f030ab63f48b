import { PLACEMENTS, targetSelectors, type Advance, type Flow, type Step } from '@touchpoint/content';
import { h } from 'preact';
import { AudienceFields } from './AudienceFields.js';
import { CopyFields, plain, SelectField, TargetField, TextField, VariantsField } from './Fields.js';
import type { BuilderActions, BuilderView } from './builder-view.js';
import { fmt, t } from './strings.js';

const KINDS = ['popover', 'tooltip', 'hotspot', 'centred'];
const ADVANCES = ['button', 'click', 'event', 'url'];

const advanceMode = (a: Advance | undefined) => (!a || a === 'button' ? 'button' : 'click' in a ? 'click' : 'event' in a ? 'event' : 'url');
const advanceValue = (a: Advance | undefined) => (a && typeof a === 'object' ? ('event' in a ? a.event : 'url' in a ? a.url : '') : '');

function advanceOf(mode: string, value: string): Advance {
  if (mode === 'click') return { click: true };
  if (mode === 'event') return { event: value };
  if (mode === 'url') return { url: value };
  return 'button';
}

/** A tour: its steps (add, reorder, delete) and the selected step's fields. */
export function StepForm({ flow, view, actions }: { flow: Flow; view: BuilderView; actions: BuilderActions }) {
  const step: Step | undefined = flow.steps[view.step];
  const edit = (patch: Partial<Step>) => actions.edit({ kind: 'step', patch });
  const variant = flow.experiment?.variants.find((v) => v.id === view.variant);
  const copy = (variant && step && variant.steps?.[step.id]) || {};
  const title = plain(variant ? (copy.title ?? step?.title) : step?.title);
  const body = plain(variant ? (copy.body ?? step?.body) : step?.body);
  const editCopy = (field: 'title' | 'body', v: string) =>
    variant ? actions.edit({ kind: 'variant', id: variant.id, copy: { [field]: v } }) : edit({ [field]: v } as Partial<Step>);
  const kind = step && !step.target && (step.kind ?? 'popover') === 'popover' ? 'centred' : (step?.kind ?? 'popover');
  return (
    <div>
      <TextField id="tp-flow-name" label={t.tourName} value={flow.name ?? ''} onInput={(v) => actions.edit({ kind: 'flow', patch: { name: v } })} />
      <AudienceFields item={flow} doc={view.doc} onChange={(patch) => actions.edit({ kind: 'flow', patch })} />
      <h3 id="tp-steps">{t.steps}</h3>
      <ol class="steps" aria-labelledby="tp-steps">
        {flow.steps.map((s, i) => (
          <li key={s.id} aria-current={i === view.step ? 'step' : undefined}>
            <button type="button" class="pick" aria-pressed={i === view.step} onClick={() => actions.select({ step: i })}>
              {i + 1}. {plain(s.title) || s.id}
            </button>
            <button
              type="button"
              class="quiet"
              aria-label={fmt(t.moveStepUp, { n: i + 1 })}
              disabled={i === 0}
              onClick={() => actions.edit({ kind: 'moveStep', from: i, to: i - 1 })}
            >
              ↑
            </button>
            <button
              type="button"
              class="quiet"
              aria-label={fmt(t.moveStepDown, { n: i + 1 })}
              disabled={i === flow.steps.length - 1}
              onClick={() => actions.edit({ kind: 'moveStep', from: i, to: i + 1 })}
            >
              ↓
            </button>
            <button
              type="button"
              class="quiet"
              aria-label={fmt(t.deleteStep, { n: i + 1 })}
              disabled={flow.steps.length < 2}
              onClick={() => actions.edit({ kind: 'deleteStep', index: i })}
            >
              ✕
            </button>
          </li>
        ))}
      </ol>
      <button type="button" onClick={() => actions.edit({ kind: 'addStep' })}>
        {t.addStep}
      </button>
      {step && (
        <fieldset>
          <legend>{fmt(t.stepN, { n: view.step + 1 })}</legend>
          <SelectField
            id="tp-kind"
            label={t.kind}
            value={kind}
            options={KINDS.map((k): [string, string] => [k, t.stepKinds[k]!])}
            onChange={(v) => edit(v === 'centred' ? { kind: undefined, target: undefined } : { kind: v === 'popover' ? undefined : (v as Step['kind']) })}
          />
          {kind !== 'centred' || view.picking ? (
            <TargetField selectors={targetSelectors(step)} view={view} actions={actions} />
          ) : (
            <button type="button" aria-pressed={view.picking} onClick={() => actions.pick(0)}>
              {t.pickElement}
            </button>
          )}
          <CopyFields title={title} body={body} actions={actions} onTitle={(v) => editCopy('title', v)} onBody={(v) => editCopy('body', v)} />
          {kind !== 'centred' && (
            <SelectField
              id="tp-placement"
              label={t.placement}
              value={step.placement ?? 'bottom'}
              options={PLACEMENTS}
              onChange={(v) => edit({ placement: v as Step['placement'] })}
            />
          )}
          <SelectField
            id="tp-advance"
            label={t.movesOn}
            value={advanceMode(step.advance)}
            options={ADVANCES.map((a): [string, string] => [a, t.advances[a]!])}
            onChange={(v) => edit({ advance: v === 'button' ? undefined : advanceOf(v, advanceValue(step.advance)) })}
          />
          {(advanceMode(step.advance) === 'event' || advanceMode(step.advance) === 'url') && (
            <TextField
              id="tp-advance-value"
              label={advanceMode(step.advance) === 'event' ? t.eventName : t.urlPattern}
              value={advanceValue(step.advance)}
              onInput={(v) => edit({ advance: advanceOf(advanceMode(step.advance), v) })}
            />
          )}
          <TextField id="tp-url" label={t.stepPage} value={step.url ?? ''} placeholder="/app/*" onInput={(v) => edit({ url: v })} />
        </fieldset>
      )}
      <VariantsField experiment={flow.experiment} view={view} actions={actions} />
      <button type="button" class="quiet" onClick={() => actions.edit({ kind: 'deleteFlow' })}>
        {t.deleteTour}
      </button>
    </div>
  );
}
