import { h } from 'preact';
import { localize, type ContentDocument, type Journey } from '@touchpoint/content';
import type { Project } from '../api.js';
import { currentLocale, dateTime, fmt, pct, t } from '../i18n/locale.js';
import { count, Empty, Loading, useApi, useDoc, type PageProps } from '../shared.js';
import { fmtP, IntervalBar, pText } from '../difference.js';
import { journeyReportPath, type JourneyReport } from './journey-api.js';
import { useJourneyStrings, type JourneyStrings } from './journey-strings.js';

const ALPHA = 0.05;

/** Each published journey with its results: who entered, was acted on and converted, against the holdout. */
export function JourneysPage({ project }: PageProps) {
  const s = useJourneyStrings();
  const { doc, error } = useDoc(project);
  if (!doc || !s) return <Loading error={error} />;
  const journeys = doc.journeys ?? [];
  if (!journeys.length)
    return (
      <Empty>
        <p>{s.none}</p>
      </Empty>
    );
  return (
    <div class="list">
      {journeys.map((j) => (
        <JourneyCard key={j.id} project={project} journey={j} doc={doc} s={s} />
      ))}
    </div>
  );
}

/** What the journey does, in a line. */
function actionText(journey: Journey, doc: ContentDocument, s: JourneyStrings): string {
  const a = journey.action;
  if ('email' in a) return fmt(s.actionEmail, { subject: localize(a.email.subject, currentLocale(), doc.settings?.locale) ?? '' });
  if ('show' in a) {
    const item = [...(doc.flows ?? []), ...(doc.messages ?? []), ...(doc.surveys ?? [])].find((x) => x.id === a.show);
    return fmt(s.actionShow, { content: (item && 'name' in item && item.name) || a.show });
  }
  return fmt(s.actionWebhook, { url: a.webhook });
}

/**
 * The verdict in words, as the experiments page words its own: acting wins when the whole 95%
 * interval of the difference is above zero (and p < 0.05), loses when it is below; otherwise no
 * clear difference yet. Without a holdout, or without users on either side, there is nothing to compare.
 */
export function journeyVerdict(r: JourneyReport, s: JourneyStrings): { tone: 'win' | 'loss' | 'wait' | 'none'; text: string } {
  if (!r.entered) return { tone: 'wait', text: s.noEntries };
  if (!r.holdout.entered) return { tone: 'none', text: s.vNoHoldout };
  if (r.entered === r.holdout.entered || !r.ci95) return { tone: 'wait', text: s.vWait };
  const [lo, hi] = r.ci95;
  const values = { lift: r.lift === null ? '–' : pct(r.lift, true), lo: pct(lo, true), hi: pct(hi, true), p: pText(r.pValue) };
  const significant = r.pValue !== null && r.pValue < ALPHA;
  if (significant && lo > 0) return { tone: 'win', text: fmt(s.vWins, values) };
  if (significant && hi < 0) return { tone: 'loss', text: fmt(s.vLoses, values) };
  return { tone: 'none', text: fmt(s.vNoDifference, values) };
}

function JourneyCard({ project, journey, doc, s }: { project: Project; journey: Journey; doc: ContentDocument; s: JourneyStrings }) {
  const { data: r, error, status } = useApi<JourneyReport>(project, journeyReportPath(journey.id));
  const titleId = `j-${journey.id}`;
  const head = (
    <header>
      <h2 id={titleId}>{journey.name || journey.id}</h2>
      <p class="muted">{actionText(journey, doc, s)}</p>
    </header>
  );
  if (!r)
    return (
      <section class="card" aria-labelledby={titleId}>
        {head}
        {status === 404 ? <p class="muted">{s.notPublished}</p> : <Loading error={error} />}
      </section>
    );
  const verdict = journeyVerdict(r, s);
  // As the experiments page says it: a figure without data behind it is never drawn as 0.
  const noData = <span class="muted">{t.notEnoughData}</span>;
  const rate = (converted: number, of: number) => (of ? pct(converted / of) : noData);
  // Intention-to-treat, as the collector compares: every user outside the holdout, skipped ones too
  // (by user, each once: what the lift and the test are computed on; entries from an older collector).
  const g = r.users ?? r;
  const treated = g.entered - g.holdout.entered;
  const skipped = Object.entries(r.skipped).filter(([, n]) => n > 0);
  const reason = (x: string) => s.outcomes[x] ?? s.skippedReasons[x] ?? x;
  return (
    <section class="card experiment" aria-labelledby={titleId}>
      {head}
      <p class="stats">
        <span>
          {s.entered}: <strong>{count(r.entered)}</strong>
        </span>
        <span>
          {s.acted}: <strong>{count(r.acted)}</strong>
        </span>
        {/* Acted on, but the email or webhook never went (the address refused for good, unsubscribed since). */}
        {!!r.undelivered && (
          <span>
            {s.undelivered}: <strong>{count(r.undelivered)}</strong>
          </span>
        )}
        <span>
          {s.converted}: <strong>{count(r.converted)}</strong>
        </span>
      </p>
      <p class={`verdict ${verdict.tone}`}>{verdict.text}</p>
      <table>
        <thead>
          <tr>
            <th scope="col">{s.group}</th>
            <th scope="col">{s.entered}</th>
            <th scope="col">{s.converted}</th>
            <th scope="col">{s.rate}</th>
            <th scope="col">{t.lift}</th>
            <th scope="col">{t.interval}</th>
            <th scope="col">{t.pValue}</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">{s.actedGroup}</th>
            <td>{count(treated)}</td>
            <td>{count(g.converted)}</td>
            <td>{rate(g.converted, treated)}</td>
            <td>{r.lift === null ? noData : pct(r.lift, true)}</td>
            <td>
              {r.ci95 ? (
                <span class="ci">
                  <IntervalBar
                    lo={r.ci95[0]}
                    hi={r.ci95[1]}
                    scale={Math.max(0.01, Math.abs(r.ci95[0]), Math.abs(r.ci95[1]))}
                    label={fmt(t.fromTo, { lo: pct(r.ci95[0], true), hi: pct(r.ci95[1], true) })}
                  />
                  <small>{fmt(t.loToHi, { lo: pct(r.ci95[0], true), hi: pct(r.ci95[1], true) })}</small>
                </span>
              ) : (
                noData
              )}
            </td>
            <td>{r.pValue === null ? noData : fmtP(r.pValue)}</td>
          </tr>
          <tr>
            <th scope="row">{s.holdoutGroup}</th>
            <td>{count(g.holdout.entered)}</td>
            <td>{count(g.holdout.converted)}</td>
            <td>{rate(g.holdout.converted, g.holdout.entered)}</td>
            <td colSpan={3} />
          </tr>
        </tbody>
      </table>
      {skipped.length > 0 && (
        <div>
          <h3>{s.skipped}</h3>
          <ul>
            {skipped.map(([x, n]) => (
              <li key={x}>
                {reason(x)}: {count(n)}
              </li>
            ))}
          </ul>
        </div>
      )}
      <h3>{s.recent}</h3>
      {r.recent.length ? (
        <table>
          <thead>
            <tr>
              <th scope="col">{s.user}</th>
              <th scope="col">{s.enteredAt}</th>
              <th scope="col">{s.outcome}</th>
              <th scope="col">{s.converted}</th>
            </tr>
          </thead>
          <tbody>
            {r.recent.map((e) => (
              <tr key={`${e.userKey}:${e.enteredAt}`}>
                <th scope="row">{e.userKey}</th>
                <td>{dateTime(new Date(e.enteredAt).toISOString())}</td>
                <td>{e.outcome === 'skipped' ? `${s.skipped}: ${reason(e.reason ?? '')}` : reason(e.holdout ? 'holdout' : e.outcome)}</td>
                <td>{e.converted ? s.yes : s.no}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="muted">{s.noEntries}</p>
      )}
    </section>
  );
}
