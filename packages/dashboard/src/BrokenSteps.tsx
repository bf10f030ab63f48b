import type { StepHealth } from '@touchpoint/content';
import { h } from 'preact';
import type { Project } from './api.js';
import { count, useApi, type PageProps } from './shared.js';
import { pct } from './verdict.js';

const when = (iso: string) => `${new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })} UTC`;
const times = (n: number) => `${count(n)} time${n === 1 ? '' : 's'}`;

/**
 * Target health of a flow on the Flows page: the steps whose target went missing in the
 * range, the broken ones marked, each with its selector, the pages where it went missing and
 * since when it has been broken, so the PM knows what to fix and where.
 */
export function BrokenSteps({ project, range, flowId }: { project: Project; range: PageProps['range']; flowId: string }) {
  const { data, error } = useApi<{ steps: StepHealth[] }>(project, `/v1/reports/targets?from=${range.from}&to=${range.to}&flow=${encodeURIComponent(flowId)}`);
  if (error)
    return (
      <p class="error" role="alert">
        Target health: {error}
      </p>
    );
  if (!data?.steps.length) return null;
  return (
    <section class="target-health" aria-labelledby="tp-target-health">
      <h3 id="tp-target-health">Target health</h3>
      <ul>
        {data.steps.map((s) => (
          <li key={s.step_id} class={s.broken ? 'broken' : undefined}>
            <strong class={s.broken ? 'warning' : undefined}>{s.broken ? '⚠ Broken' : 'Target missed at times'}</strong>
            {`: step ${s.step_index + 1} (${s.step_id}), `}
            <code>{s.selectors.join(', ') || '(no target)'}</code>
            {s.broken && s.since ? (
              <span>
                {' '}
                since <time dateTime={s.since}>{when(s.since)}</time>
              </span>
            ) : null}
            {`. Missing ${times(s.missing)} (${pct(s.rate)} of the times it should have shown).`}
            <ul>
              {s.pages.map((p) => (
                <li key={p.url}>
                  <span class="url">{p.url || '(page not reported)'}</span>
                  {`: ${times(p.missing)}, last on `}
                  <time dateTime={p.lastMissing}>{when(p.lastMissing)}</time>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
      <p class="muted">
        Check the selectors against your app with <code>touchpoint check --url …</code> (in CI, before each deploy).
      </p>
    </section>
  );
}
