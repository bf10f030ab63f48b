import { Fragment, h } from 'preact';
import type { Project } from './api.js';
import { ScoreChart } from './charts.js';
import { dateTime as when, day, fmt, parts, num as n, t } from './i18n/locale.js';
import { Loading, useApi } from './shared.js';

/** `GET /v1/reports/accounts/:accountId` (the collector's extension of CONTRACT §5). */
interface AccountReport {
  account_id: string;
  tier: string | null;
  traits: Record<string, unknown>;
  score: number | null;
  trend: number | null;
  alerting: boolean;
  reasons: string[];
  history: Array<{ day: string; score: number }>;
  window: { from: string; to: string; days: number };
  signals: Array<{ signal: string; count: number; weight: number; component: number }>;
  activity: Array<{ type: string; event?: string; userId?: string; anonymousId?: string; timestamp: string; properties?: { path?: unknown } }>;
  users: Array<{ userId?: string; anonymousId?: string; firstSeen: string; lastSeen: string }>;
  userCount: number;
}

/** What a stored event was, in a few words. */
function what(e: AccountReport['activity'][number]): string {
  if (e.type === 'track') return e.event ?? 'track';
  if (e.type === 'page') return typeof e.properties?.path === 'string' ? fmt(t.pageViewOf, { path: e.properties.path }) : t.pageView;
  return e.type === 'identify' ? t.identified : t.joined;
}

/**
 * One account, for its success manager: its health over time and why it is what it is,
 * what the score counts in the current window, what its users did last, and who they are.
 */
export function AccountPage({ project, accountId }: { project: Project; accountId: string }) {
  const { data, error } = useApi<AccountReport>(project, `/v1/reports/accounts/${encodeURIComponent(accountId)}`);
  return (
    <Fragment>
      <p class="crumbs">
        <a href="#/accounts">{t.accounts}</a>
      </p>
      <h1>{accountId}</h1>
      {data ? <AccountDetails a={data} /> : <Loading error={error} />}
    </Fragment>
  );
}

function AccountDetails({ a }: { a: AccountReport }) {
  const name = typeof a.traits.name === 'string' && a.traits.name !== a.account_id ? a.traits.name : undefined;
  return (
    <div class="grid">
      <section class="card wide">
        <p class="stats">
          <span>
            {parts(t.healthScore, { n: <strong class="big">{a.score ?? t.none}</strong> })} {a.alerting && <span class="badge">{t.atRisk}</span>}
          </span>
          <span>{parts(t.againstBefore, { n: <strong>{a.trend === null ? t.none : `${a.trend > 0 ? '+' : ''}${a.trend}`}</strong> })}</span>
          <span>{parts(t.tierLabel, { n: <strong>{a.tier ?? t.none}</strong> })}</span>
          <span>{parts(t.usersLabel, { n: <strong>{n(a.userCount)}</strong> })}</span>
          {name && (
            <span>
              <strong>{name}</strong>
            </span>
          )}
        </p>
      </section>
      <section class="card">
        <ScoreChart title={t.healthScoreTitle} points={a.history.map((h) => ({ label: day(h.day), value: h.score }))} />
      </section>
      <section class="card">
        <h2 id="why">{t.whyScore}</h2>
        {a.reasons.length ? (
          <ul class="comments" aria-labelledby="why">
            {a.reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        ) : (
          <p class="muted">{t.noScoreYet}</p>
        )}
      </section>
      <section class="card wide">
        <table>
          <caption>{fmt(t.signalsIn, { days: a.window.days, from: day(a.window.from), to: day(a.window.to) })}</caption>
          <thead>
            <tr>
              <th scope="col">{t.signal}</th>
              <th scope="col">{t.countCol}</th>
              <th scope="col">{t.weight}</th>
              <th scope="col">{t.shareOfFull}</th>
            </tr>
          </thead>
          <tbody>
            {a.signals.map((s) => (
              <tr key={s.signal}>
                <th scope="row">{s.signal}</th>
                <td>{n(s.count)}</td>
                <td>{s.weight}</td>
                <td>{Math.round(s.component * 100)}%</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section class="card">
        {a.users.length ? (
          <table>
            <caption>
              {fmt(t.usersCaption, { n: n(a.userCount) })}
              {a.userCount > a.users.length && fmt(t.seenLast, { n: a.users.length })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t.user}</th>
                <th scope="col">{t.firstSeen}</th>
                <th scope="col">{t.lastSeen}</th>
              </tr>
            </thead>
            <tbody>
              {a.users.map((u) => (
                <tr key={u.userId ?? u.anonymousId}>
                  <th scope="row">{u.userId ?? fmt(t.anonymous, { id: u.anonymousId ?? '' })}</th>
                  <td>{when(u.firstSeen)}</td>
                  <td>{when(u.lastSeen)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p class="muted">{t.noUsers}</p>
        )}
      </section>
      <section class="card">
        {a.activity.length ? (
          <table>
            <caption>{t.latestActivity}</caption>
            <thead>
              <tr>
                <th scope="col">{t.when}</th>
                <th scope="col">{t.user}</th>
                <th scope="col">{t.what}</th>
              </tr>
            </thead>
            <tbody>
              {a.activity.map((e, i) => (
                <tr key={i}>
                  <td>{when(e.timestamp)}</td>
                  <td>{e.userId ?? e.anonymousId}</td>
                  <td>{what(e)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p class="muted">{t.noActivity}</p>
        )}
      </section>
    </div>
  );
}
