import { h } from 'preact';
import { useState } from 'preact/hooks';
import { localize, type ContentDocument } from '@touchpoint/content';
import type { Project } from './api.js';
import { count, Empty, Loading, Table, useApi, useDoc, type PageProps } from './shared.js';
import { BarChart, HBars, Sparkline } from './charts.js';
import { BrokenSteps } from './BrokenSteps.js';
import { dateTime, day, fmt, parts, pct, plural, t } from './i18n/locale.js';

const q = (r: PageProps['range'], extra = '') => `from=${r.from}&to=${r.to}${extra}`;

/** The published document's items of one section, and the one picked (the first until another is). */
function usePicked<T extends { id: string }>(project: Project, section: (doc: ContentDocument) => T[] | undefined) {
  const { doc, error } = useDoc(project);
  const [chosen, setChosen] = useState<string>();
  const items = (doc && section(doc)) ?? [];
  return { doc, error, items, item: items.find((x) => x.id === chosen) ?? items[0], choose: setChosen };
}

/** A select of content items (flows, surveys). */
function Picker<T extends { id: string }>({
  title,
  items,
  value,
  name,
  onPick,
}: {
  title: string;
  items: T[];
  value: string;
  name: (item: T) => string;
  onPick: (id: string) => void;
}) {
  return (
    <label class="field">
      <span>{title}</span>
      <select value={value} onChange={(e) => onPick((e.currentTarget as HTMLSelectElement).value)}>
        {items.map((x) => (
          <option key={x.id} value={x.id}>
            {name(x)}
          </option>
        ))}
      </select>
    </label>
  );
}

export function OverviewPage({ project, range }: PageProps) {
  const { data, error } = useApi<{
    days: Array<{ day: string; activeUsers: number; events: number }>;
    content: Array<{ content_id: string; kind: string; shown: number; acted: number }>;
  }>(project, `/v1/reports/overview?${q(range)}`);
  if (!data) return <Loading error={error} />;
  if (!data.days.some((d) => d.events))
    return (
      <Empty>
        <p>{t.noEvents}</p>
        <pre>{`<script async src="${location.origin}/sdk.js?key=${project.writeKey}" data-key="${project.writeKey}"></script>`}</pre>
      </Empty>
    );
  return (
    <div class="grid">
      <section class="card">
        <BarChart title={t.activeUsersPerDay} unit={t.activeUsersUnit} points={data.days.map((d) => ({ label: day(d.day), value: d.activeUsers }))} />
      </section>
      <section class="card">
        <BarChart title={t.eventsPerDay} unit={t.eventsUnit} points={data.days.map((d) => ({ label: day(d.day), value: d.events }))} />
      </section>
      <section class="card wide">
        <h2>{t.contentReach}</h2>
        {data.content.length ? (
          <Table label={t.contentReach}>
            <thead>
              <tr>
                <th scope="col">{t.contentCol}</th>
                <th scope="col">{t.kind}</th>
                <th scope="col">{t.shownTo}</th>
                <th scope="col">{t.actedOn}</th>
                <th scope="col">{t.rate}</th>
              </tr>
            </thead>
            <tbody>
              {data.content.map((c) => (
                <tr key={c.content_id}>
                  <th scope="row">{c.content_id}</th>
                  <td>{c.kind}</td>
                  <td>{count(c.shown)}</td>
                  <td>{count(c.acted)}</td>
                  <td>{c.shown ? pct(c.acted / c.shown) : t.none}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        ) : (
          <p class="muted">{t.noContentItems}</p>
        )}
      </section>
    </div>
  );
}

type Adoption = { activeUsers: number; features: Array<{ feature_id: string; name: string; users: number; adoption: number }> };

export function AdoptionPage({ project, range }: PageProps) {
  const [tier, setTier] = useState('');
  const span = (Date.parse(range.to) - Date.parse(range.from)) / 86_400_000 + 1;
  const before = {
    from: new Date(Date.parse(range.from) - span * 86_400_000).toISOString().slice(0, 10),
    to: new Date(Date.parse(range.from) - 86_400_000).toISOString().slice(0, 10),
  };
  const byTier = tier ? `&tier=${encodeURIComponent(tier)}` : '';
  const now = useApi<Adoption>(project, `/v1/reports/adoption?${q(range, byTier)}`);
  const prev = useApi<Adoption>(project, `/v1/reports/adoption?${q(before, byTier)}`);
  const health = useApi<{ accounts: Array<{ tier: string | null }> }>(project, '/v1/reports/health');
  const tiers = [...new Set((health.data?.accounts ?? []).map((a) => a.tier).filter((x): x is string => !!x))].sort();
  const filter = (
    <label class="field">
      <span>{t.accountTier}</span>
      <select value={tier} onChange={(e) => setTier((e.currentTarget as HTMLSelectElement).value)}>
        <option value="">{t.allTiers}</option>
        {tiers.map((x) => (
          <option key={x} value={x}>
            {x}
          </option>
        ))}
      </select>
    </label>
  );
  if (!now.data) return <Loading error={now.error} />;
  if (!now.data.features.length)
    return (
      <Empty>
        <p>{parts(t.noFeatures, { features: <code>features</code> })}</p>
      </Empty>
    );
  const previous = new Map((prev.data?.features ?? []).map((f) => [f.feature_id, f.adoption]));
  return (
    <section class="card wide">
      {filter}
      <p class="muted">{fmt(t.activeInRange, { n: count(now.data.activeUsers) })}</p>
      <HBars
        title={t.featuresByAdoption}
        format={(v) => pct(v)}
        rows={now.data.features.map((f) => {
          const delta = previous.has(f.feature_id) ? f.adoption - previous.get(f.feature_id)! : undefined;
          // In whole points: one that rounds to 0 is "no change" (was "▲ 0 pts").
          const points = delta === undefined ? 0 : Math.round(delta * 100);
          const trend =
            delta === undefined || !prev.data?.activeUsers
              ? t.isNew
              : points
                ? fmt(t.points, { sign: points > 0 ? '▲' : '▼', n: Math.abs(points) })
                : t.noChange;
          return { label: f.name, value: f.adoption, note: `${plural(f.users, t.usersOne, t.usersOther)}, ${trend}` };
        })}
      />
    </section>
  );
}

export function FlowsPage({ project, range }: PageProps) {
  const { doc, error, items: flows, item: flow, choose } = usePicked(project, (d) => d.flows);
  const report = useApi<{
    started: number;
    completed: number;
    dismissed: number;
    steps: Array<{ step_id: string; step_index: number; viewed: number; missing?: number }>;
  }>(project, flow ? `/v1/reports/flows/${encodeURIComponent(flow.id)}?${q(range)}` : null);
  if (!doc) return <Loading error={error} />;
  if (!flow)
    return (
      <Empty>
        <p>{t.noFlows}</p>
      </Empty>
    );
  const r = report.data;
  // Steps whose target never appeared for some users: the flow is broken there, not abandoned.
  const broken = r?.steps.filter((s) => s.missing) ?? [];
  const users = (x: number) => plural(x, t.usersOne, t.usersOther);
  return (
    <section class="card wide">
      <Picker title={t.flow} items={flows} value={flow.id} name={(f) => f.name ?? f.id} onPick={choose} />
      {!r ? (
        <Loading error={report.error} />
      ) : (
        <div>
          <p class="stats">
            <span>{parts(t.completed, { n: <strong>{r.started ? pct(r.completed / r.started) : t.none}</strong> })}</span>
            <span>{parts(t.dismissed, { n: <strong>{r.started ? pct(r.dismissed / r.started) : t.none}</strong> })}</span>
            <span>{parts(t.started, { n: <strong>{count(r.started)}</strong> })}</span>
          </p>
          <HBars
            title={fmt(t.funnelOf, { name: flow.name ?? flow.id })}
            format={count}
            rows={[
              { label: t.funnelStarted, value: r.started },
              ...r.steps.map((s, i) => {
                // The change from the step before: "−40%" where users left, "+100%" where more arrived
                // (users who started before the range), nothing where it held.
                const prev = i ? r.steps[i - 1]!.viewed : 0;
                const drop = prev && s.viewed !== prev ? pct(s.viewed / prev - 1, true).replace('-', '−') : undefined;
                const missing = s.missing ? fmt(t.targetMissingFor, { users: users(s.missing) }) : undefined;
                return {
                  label: fmt(t.stepN, { n: s.step_index + 1, id: s.step_id }),
                  value: s.viewed,
                  note: [drop, missing].filter(Boolean).join(', ') || undefined,
                };
              }),
              { label: t.funnelCompleted, value: r.completed },
            ]}
          />
          {(r.completed > r.started || r.steps.some((s) => s.viewed > r.started)) && <p class="muted">{t.startedBefore}</p>}
          {broken.length > 0 && (
            <p class="warning">
              {broken.map((s) => fmt(t.neverAppeared, { n: s.step_index + 1, id: s.step_id, users: users(s.missing!) })).join(' ')}{' '}
              {parts(t.checkSelector, { cmd: <code>touchpoint check</code> })}
            </p>
          )}
        </div>
      )}
      <BrokenSteps project={project} range={range} flowId={flow.id} />
    </section>
  );
}

export function SurveysPage({ project, range }: PageProps) {
  const { doc, error, items: surveys, item: survey, choose } = usePicked(project, (d) => d.surveys);
  const report = useApi<{
    kind: 'nps' | 'rating' | 'choice' | 'text';
    responses: number;
    promoters: number | null;
    passives: number | null;
    detractors: number | null;
    nps: number | null;
    average?: number | null;
    distribution: number[];
    comments: Array<{ text: string; score?: number; at: string }>;
  }>(project, survey ? `/v1/reports/surveys/${encodeURIComponent(survey.id)}?${q(range)}` : null);
  if (!doc) return <Loading error={error} />;
  if (!survey)
    return (
      <Empty>
        <p>{t.noSurveys}</p>
      </Empty>
    );
  const r = report.data;
  return (
    <section class="card wide">
      <Picker title={t.survey} items={surveys} value={survey.id} name={(x) => localize(x.question, doc.settings?.locale ?? 'en') || x.id} onPick={choose} />
      {!r ? (
        <Loading error={report.error} />
      ) : !r.responses && !r.comments.length ? (
        <Empty>
          <p>{t.noAnswers}</p>
        </Empty>
      ) : (
        <div>
          {/* Each kind its own figures: an NPS only for an NPS survey, an average for a rating. */}
          <p class="stats">
            {r.kind === 'nps' && <span>{parts(t.nps, { n: <strong class="big">{r.nps ?? t.none}</strong> })}</span>}
            {r.kind === 'rating' && <span>{parts(t.averageRating, { n: <strong class="big">{r.average ?? t.none}</strong> })}</span>}
            <span>{parts(t.responses, { n: <strong>{count(r.responses)}</strong> })}</span>
            {r.kind === 'nps' && <span>{fmt(t.npsGroups, { p: count(r.promoters ?? 0), n: count(r.passives ?? 0), d: count(r.detractors ?? 0) })}</span>}
          </p>
          {r.kind === 'nps' && (
            <HBars title={t.scores0to10} format={count} rows={r.distribution.map((answers, score) => ({ label: String(score), value: answers }))} />
          )}
          {r.kind === 'rating' && (
            <HBars title={t.scores1to5} format={count} rows={r.distribution.slice(1, 6).map((answers, i) => ({ label: String(i + 1), value: answers }))} />
          )}
          <h2>{r.kind === 'nps' || r.kind === 'rating' ? t.latestComments : t.latestAnswers}</h2>
          {r.comments.length ? (
            <ul class="comments">
              {r.comments.map((c) => (
                <li key={c.at + c.text}>
                  {c.score !== undefined && <span class="score">{c.score}</span>} {c.text} <small class="muted">{day(c.at)}</small>
                </li>
              ))}
            </ul>
          ) : (
            <p class="muted">{t.noComments}</p>
          )}
        </div>
      )}
    </section>
  );
}

type Health = {
  accounts: Array<{
    account_id: string;
    tier: string | null;
    score: number;
    previousScore: number | null;
    trend: number | null;
    alerting: boolean;
    reasons: string[];
    history?: Array<{ day: string; score: number }>;
  }>;
};
type SortKey = 'score' | 'tier' | 'trend';

export function AccountsPage({ project }: PageProps) {
  const health = useApi<Health>(project, '/v1/reports/health?history=30');
  const alerts = useApi<{
    alerts: Array<{ id: string; account_id: string; score: number; previousScore: number | null; at: string; sent: boolean; attempts: number }>;
  }>(project, '/v1/alerts');
  const [sort, setSort] = useState<{ key: SortKey; up: boolean }>({ key: 'score', up: true });
  if (!health.data) return <Loading error={health.error} />;
  if (!health.data.accounts.length)
    return (
      <Empty>
        <p>{parts(t.noHealth, { health: <code>health</code>, group: <code>group()</code> })}</p>
      </Empty>
    );
  const value = (a: Health['accounts'][number]) => (sort.key === 'tier' ? (a.tier ?? '') : sort.key === 'trend' ? (a.trend ?? 0) : a.score);
  const rows = [...health.data.accounts].sort((a, b) => {
    const [x, y] = [value(a), value(b)];
    return (x < y ? -1 : x > y ? 1 : 0) * (sort.up ? 1 : -1) || a.account_id.localeCompare(b.account_id);
  });
  const header = (key: SortKey, title: string) => (
    <th scope="col" aria-sort={sort.key === key ? (sort.up ? 'ascending' : 'descending') : 'none'}>
      <button type="button" class="sort" onClick={() => setSort({ key, up: sort.key === key ? !sort.up : true })}>
        {title} {sort.key === key ? (sort.up ? '↑' : '↓') : ''}
      </button>
    </th>
  );
  return (
    <div class="grid">
      <section class="card wide">
        <Table label={t.accounts}>
          <thead>
            <tr>
              <th scope="col">{t.account}</th>
              {header('tier', t.tier)}
              {header('score', t.score)}
              {header('trend', t.trend)}
              <th scope="col">{t.last30}</th>
              <th scope="col">{t.why}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((a) => (
              <tr key={a.account_id} class={a.alerting ? 'alerting' : undefined}>
                <th scope="row">
                  <a href={`#/accounts/${encodeURIComponent(a.account_id)}`}>{a.account_id}</a> {a.alerting && <span class="badge">{t.atRisk}</span>}
                </th>
                <td>{a.tier ?? t.none}</td>
                <td>{a.score}</td>
                <td>{a.trend === null ? t.none : `${a.trend > 0 ? '+' : ''}${a.trend}`}</td>
                <td>
                  <Sparkline label={fmt(t.scoresOf, { id: a.account_id })} values={(a.history ?? []).map((h) => h.score)} />
                </td>
                <td class="reasons">{a.reasons.join(' · ')}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      </section>
      <section class="card wide">
        <h2>{t.alertsSent}</h2>
        {alerts.data?.alerts.length ? (
          <ul class="comments">
            {alerts.data.alerts.map((a) => (
              <li key={a.id}>
                <strong>{a.account_id}</strong>{' '}
                {a.previousScore === null ? fmt(t.fellTo, { to: a.score }) : fmt(t.fellFrom, { from: a.previousScore, to: a.score })} · {dateTime(a.at)} ·{' '}
                {a.sent ? t.delivered : fmt(t.notDelivered, { n: a.attempts })}
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">{parts(t.noAlerts, { alerts: <code>health.alerts</code> })}</p>
        )}
      </section>
    </div>
  );
}
