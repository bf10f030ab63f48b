import type { StepHealth } from '@touchpoint/content';
import { h } from 'preact';
import type { Project } from './api.js';
import { dateTime as when, fmt, parts, pct, plural, t } from './i18n/locale.js';
import { CollectorText, useApi, type PageProps } from './shared.js';

const times = (n: number) => plural(n, t.timesOne, t.timesOther);

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
        {t.targetHealthError} <CollectorText text={error} />
      </p>
    );
  if (!data?.steps.length) return null;
  return (
    <section class="target-health" aria-labelledby="tp-target-health">
      <h3 id="tp-target-health">{t.targetHealth}</h3>
      <ul>
        {data.steps.map((s) => (
          <li key={s.step_id} class={s.broken ? 'broken' : undefined}>
            <strong class={s.broken ? 'warning' : undefined}>{s.broken ? t.broken : t.missedAtTimes}</strong>
            {fmt(t.stepOf, { n: s.step_index + 1, id: s.step_id })}
            <code>{s.selectors.join(', ') || t.noTarget}</code>
            {s.broken && s.since ? <span> {parts(t.since, { time: <time dateTime={s.since}>{when(s.since)}</time> })}</span> : null}
            {fmt(t.missingTimes, { times: times(s.missing), rate: pct(s.rate) })}
            <ul>
              {s.pages.map((p) => (
                <li key={p.url}>
                  <span class="url">{p.url || t.pageNotReported}</span>
                  {parts(t.lastOn, { times: times(p.missing), time: <time dateTime={p.lastMissing}>{when(p.lastMissing)}</time> })}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
      <p class="muted">{parts(t.checkSelectors, { cmd: <code>touchpoint check --url …</code> })}</p>
    </section>
  );
}
