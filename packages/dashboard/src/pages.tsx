import { h } from 'preact';
import { useState } from 'preact/hooks';
import { localize, type ContentDocument } from '@touchpoint/content';
import { api, ApiError, type Project } from './api.js';
import { count, Empty, Loading, useApi, useDoc, type PageProps } from './shared.js';
import { BarChart, HBars, Sparkline } from './charts.js';
import { pct } from './verdict.js';
import { ContentEditorLoader } from './content-editor-loader.js';

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
        <p>No events in this range yet. Add the script tag to your app; events show here within seconds:</p>
        <pre>{`<script async src="${location.origin}/sdk.js" data-key="${project.writeKey}"></script>`}</pre>
      </Empty>
    );
  return (
    <div class="grid">
      <section class="card">
        <BarChart title="Active users per day" unit="active users" points={data.days.map((d) => ({ label: d.day, value: d.activeUsers }))} />
      </section>
      <section class="card">
        <BarChart title="Events per day" unit="events" points={data.days.map((d) => ({ label: d.day, value: d.events }))} />
      </section>
      <section class="card wide">
        <h2>Content shown and acted on</h2>
        {data.content.length ? (
          <table>
            <thead>
              <tr>
                <th scope="col">Content</th>
                <th scope="col">Kind</th>
                <th scope="col">Shown to</th>
                <th scope="col">Acted on</th>
                <th scope="col">Rate</th>
              </tr>
            </thead>
            <tbody>
              {data.content.map((c) => (
                <tr key={c.content_id}>
                  <th scope="row">{c.content_id}</th>
                  <td>{c.kind}</td>
                  <td>{count(c.shown)}</td>
                  <td>{count(c.acted)}</td>
                  <td>{c.shown ? pct(c.acted / c.shown) : '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p class="muted">No flows, messages or surveys in the published content. Add some on the Content page.</p>
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
  const t = tier ? `&tier=${encodeURIComponent(tier)}` : '';
  const now = useApi<Adoption>(project, `/v1/reports/adoption?${q(range, t)}`);
  const prev = useApi<Adoption>(project, `/v1/reports/adoption?${q(before, t)}`);
  const health = useApi<{ accounts: Array<{ tier: string | null }> }>(project, '/v1/reports/health');
  const tiers = [...new Set((health.data?.accounts ?? []).map((a) => a.tier).filter((x): x is string => !!x))].sort();
  const filter = (
    <label class="field">
      <span>Account tier</span>
      <select value={tier} onChange={(e) => setTier((e.currentTarget as HTMLSelectElement).value)}>
        <option value="">All tiers</option>
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
        <p>
          No features tagged yet. Add them to the content’s <code>features</code> (a CSS selector or an event name); past clicks count too.
        </p>
      </Empty>
    );
  const previous = new Map((prev.data?.features ?? []).map((f) => [f.feature_id, f.adoption]));
  return (
    <section class="card wide">
      {filter}
      <p class="muted">{count(now.data.activeUsers)} active users in range.</p>
      <HBars
        title="Features by adoption"
        format={(v) => pct(v)}
        rows={now.data.features.map((f) => {
          const delta = previous.has(f.feature_id) ? f.adoption - previous.get(f.feature_id)! : undefined;
          const trend = delta === undefined || !prev.data?.activeUsers ? 'new' : `${delta >= 0 ? '▲' : '▼'} ${Math.abs(Math.round(delta * 100))} pts`;
          return { label: f.name, value: f.adoption, note: `${count(f.users)} users, ${trend}` };
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
        <p>No flows in the published content. Write a tour on the Content page.</p>
      </Empty>
    );
  const r = report.data;
  // Steps whose target never appeared for some users: the flow is broken there, not abandoned.
  const broken = r?.steps.filter((s) => s.missing) ?? [];
  const users = (x: number) => `${count(x)} user${x === 1 ? '' : 's'}`;
  return (
    <section class="card wide">
      <Picker title="Flow" items={flows} value={flow.id} name={(f) => f.name ?? f.id} onPick={choose} />
      {!r ? (
        <Loading error={report.error} />
      ) : (
        <div>
          <p class="stats">
            <span>
              <strong>{r.started ? pct(r.completed / r.started) : '–'}</strong> completed
            </span>
            <span>
              <strong>{r.started ? pct(r.dismissed / r.started) : '–'}</strong> dismissed
            </span>
            <span>
              <strong>{count(r.started)}</strong> started
            </span>
          </p>
          <HBars
            title={`Funnel of ${flow.name ?? flow.id}`}
            format={count}
            rows={[
              { label: 'Started', value: r.started },
              ...r.steps.map((s, i) => {
                const drop = i && r.steps[i - 1]!.viewed ? `−${pct(1 - s.viewed / r.steps[i - 1]!.viewed)}` : undefined;
                const missing = s.missing ? `⚠ target missing for ${users(s.missing)}` : undefined;
                return { label: `Step ${s.step_index + 1}: ${s.step_id}`, value: s.viewed, note: [drop, missing].filter(Boolean).join(', ') || undefined };
              }),
              { label: 'Completed', value: r.completed },
            ]}
          />
          {broken.length > 0 && (
            <p class="warning">
              {broken.map((s) => `Step ${s.step_index + 1} (${s.step_id}): its target never appeared for ${users(s.missing!)}.`).join(' ')} Check its selector
              on the page with <code>touchpoint check</code>.
            </p>
          )}
        </div>
      )}
    </section>
  );
}

export function SurveysPage({ project, range }: PageProps) {
  const { doc, error, items: surveys, item: survey, choose } = usePicked(project, (d) => d.surveys);
  const report = useApi<{
    responses: number;
    promoters: number;
    passives: number;
    detractors: number;
    nps: number | null;
    distribution: number[];
    comments: Array<{ text: string; score?: number; at: string }>;
  }>(project, survey ? `/v1/reports/surveys/${encodeURIComponent(survey.id)}?${q(range)}` : null);
  if (!doc) return <Loading error={error} />;
  if (!survey)
    return (
      <Empty>
        <p>No surveys in the published content. Add an NPS survey on the Content page.</p>
      </Empty>
    );
  const r = report.data;
  return (
    <section class="card wide">
      <Picker title="Survey" items={surveys} value={survey.id} name={(x) => localize(x.question, doc.settings?.locale ?? 'en') || x.id} onPick={choose} />
      {!r ? (
        <Loading error={report.error} />
      ) : !r.responses && !r.comments.length ? (
        <Empty>
          <p>No answers in this range yet.</p>
        </Empty>
      ) : (
        <div>
          <p class="stats">
            <span>
              <strong class="big">{r.nps === null ? '–' : r.nps}</strong> NPS
            </span>
            <span>
              <strong>{count(r.responses)}</strong> responses
            </span>
            <span>
              {count(r.promoters)} promoters · {count(r.passives)} passives · {count(r.detractors)} detractors
            </span>
          </p>
          <HBars title="Scores from 0 to 10" format={count} rows={r.distribution.map((answers, score) => ({ label: String(score), value: answers }))} />
          <h2>Latest comments</h2>
          {r.comments.length ? (
            <ul class="comments">
              {r.comments.map((c) => (
                <li key={c.at + c.text}>
                  {c.score !== undefined && <span class="score">{c.score}</span>} {c.text} <small class="muted">{c.at.slice(0, 10)}</small>
                </li>
              ))}
            </ul>
          ) : (
            <p class="muted">No comments yet.</p>
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
        <p>
          No health scores yet. Define <code>health</code> signals in the content and call <code>group()</code> with account ids; scores are computed every
          hour.
        </p>
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
        <table>
          <thead>
            <tr>
              <th scope="col">Account</th>
              {header('tier', 'Tier')}
              {header('score', 'Score')}
              {header('trend', 'Trend')}
              <th scope="col">Last 30 days</th>
              <th scope="col">Why (weakest first)</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((a) => (
              <tr key={a.account_id} class={a.alerting ? 'alerting' : undefined}>
                <th scope="row">
                  <a href={`#/accounts/${encodeURIComponent(a.account_id)}`}>{a.account_id}</a> {a.alerting && <span class="badge">at risk</span>}
                </th>
                <td>{a.tier ?? '–'}</td>
                <td>{a.score}</td>
                <td>{a.trend === null ? '–' : `${a.trend > 0 ? '+' : ''}${a.trend}`}</td>
                <td>
                  <Sparkline label={`${a.account_id} scores`} values={(a.history ?? []).map((h) => h.score)} />
                </td>
                <td class="reasons">{a.reasons.join(' · ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section class="card wide">
        <h2>Alerts sent</h2>
        {alerts.data?.alerts.length ? (
          <ul class="comments">
            {alerts.data.alerts.map((a) => (
              <li key={a.id}>
                <strong>{a.account_id}</strong> fell {a.previousScore === null ? '' : `from ${a.previousScore} `}to {a.score} ·{' '}
                {a.at.slice(0, 16).replace('T', ' ')} · {a.sent ? 'delivered' : `not delivered yet (${a.attempts} tries)`}
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">
            No alerts sent. Add <code>health.alerts</code> with a webhook to be told when an account's score falls below a threshold (an account's first score
            never alerts).
          </p>
        )}
      </section>
    </div>
  );
}

export function ContentPage({ project }: PageProps) {
  const current = useApi<ContentDocument>(project, '/v1/content');
  const versions = useApi<{ versions: Array<{ version: number; createdAt: string; current: boolean }> }>(project, '/v1/content/versions');
  const [draft, setDraft] = useState<string>();
  const [result, setResult] = useState<{ ok: boolean; message: string; errors?: Array<{ path: string; message: string }> }>();
  const source = draft ?? (current.data ? JSON.stringify(current.data, null, 2) : current.status === 404 ? '{\n  "version": 1\n}' : undefined);
  if (source === undefined) return <Loading error={current.error} />;
  const send = async (method: 'validate' | 'publish') => {
    let doc: unknown;
    try {
      doc = JSON.parse(source);
    } catch (e) {
      return setResult({ ok: false, message: `Not JSON: ${(e as Error).message}` });
    }
    try {
      if (method === 'validate') {
        const r = await api<{ ok: boolean; errors?: Array<{ path: string; message: string }> }>(project.secretKey, '/v1/content/validate', {
          method: 'POST',
          body: doc,
        });
        setResult(r.ok ? { ok: true, message: 'Valid: ready to publish.' } : { ok: false, message: 'Not valid:', errors: r.errors });
      } else {
        const r = await api<{ version: number }>(project.secretKey, '/v1/content', { method: 'PUT', body: doc });
        setResult({ ok: true, message: `Published as version ${r.version}. Users get it on their next page view.` });
        setDraft(undefined);
        current.reload();
        versions.reload();
      }
    } catch (e) {
      const errors = e instanceof ApiError ? (e.body.errors as Array<{ path: string; message: string }> | undefined) : undefined;
      setResult({ ok: false, message: errors ? 'Not published: the document is not valid:' : (e as Error).message, errors });
    }
  };
  return (
    <div class="grid">
      <section class="card wide">
        <ContentEditorLoader source={source} onSource={setDraft} />
        <div class="actions">
          <button type="button" onClick={() => send('validate')}>
            Validate
          </button>
          <button type="button" class="primary" onClick={() => send('publish')}>
            Publish
          </button>
        </div>
        {result && (
          <div class={result.ok ? 'ok' : 'error'} role={result.ok ? 'status' : 'alert'}>
            <p>{result.message}</p>
            {result.errors && (
              <ul class="errors">
                {result.errors.map((e) => (
                  <li key={e.path + e.message}>
                    <code>{e.path || '(document)'}</code> {e.message}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </section>
      <section class="card wide">
        <h2>Versions</h2>
        {!versions.data ? (
          <Loading error={versions.error} />
        ) : !versions.data.versions.length ? (
          <p class="muted">Nothing published yet.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Published</th>
                <th scope="col">
                  <span class="sr-only">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {versions.data.versions.map((v) => (
                <tr key={v.version}>
                  <th scope="row">{v.version}</th>
                  <td>{v.createdAt.slice(0, 16).replace('T', ' ')} UTC</td>
                  <td>
                    {v.current ? (
                      <span class="badge ok">live</span>
                    ) : (
                      <button
                        type="button"
                        onClick={async () => {
                          try {
                            const r = await api<{ version: number }>(project.secretKey, '/v1/content/rollback', {
                              method: 'POST',
                              body: { version: v.version },
                            });
                            setResult({ ok: true, message: `Rolled back: version ${v.version} is live again as version ${r.version}.` });
                            setDraft(undefined);
                            current.reload();
                            versions.reload();
                          } catch (e) {
                            setResult({ ok: false, message: `Not rolled back: ${(e as Error).message}` });
                          }
                        }}
                      >
                        Roll back to {v.version}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
