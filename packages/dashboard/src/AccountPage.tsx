import { Fragment, h } from 'preact';
import type { Project } from './api.js';
import { ScoreChart } from './charts.js';
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

const n = (x: number) => x.toLocaleString('en-US');
const when = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

/** What a stored event was, in a few words. */
function what(e: AccountReport['activity'][number]): string {
  if (e.type === 'track') return e.event ?? 'track';
  if (e.type === 'page') return typeof e.properties?.path === 'string' ? `Page view ${e.properties.path}` : 'Page view';
  return e.type === 'identify' ? 'Identified' : 'Joined the account';
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
        <a href="#/accounts">Accounts</a>
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
            <strong class="big">{a.score ?? '–'}</strong> health score {a.alerting && <span class="badge">at risk</span>}
          </span>
          <span>
            <strong>{a.trend === null ? '–' : `${a.trend > 0 ? '+' : ''}${a.trend}`}</strong> against the window before
          </span>
          <span>
            <strong>{a.tier ?? '–'}</strong> tier
          </span>
          <span>
            <strong>{n(a.userCount)}</strong> users
          </span>
          {name && (
            <span>
              <strong>{name}</strong>
            </span>
          )}
        </p>
      </section>
      <section class="card">
        <ScoreChart title="Health score" points={a.history.map((h) => ({ label: h.day, value: h.score }))} />
      </section>
      <section class="card">
        <h2 id="why">Why this score</h2>
        {a.reasons.length ? (
          <ul class="comments" aria-labelledby="why">
            {a.reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        ) : (
          <p class="muted">No score yet: it is computed every hour once the content defines health signals.</p>
        )}
      </section>
      <section class="card wide">
        <table>
          <caption>
            Signals in the last {a.window.days} days ({a.window.from} to {a.window.to})
          </caption>
          <thead>
            <tr>
              <th scope="col">Signal</th>
              <th scope="col">Count</th>
              <th scope="col">Weight</th>
              <th scope="col">Share of full marks</th>
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
              Users ({n(a.userCount)}){a.userCount > a.users.length && `: the ${a.users.length} seen last`}
            </caption>
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col">First seen</th>
                <th scope="col">Last seen</th>
              </tr>
            </thead>
            <tbody>
              {a.users.map((u) => (
                <tr key={u.userId ?? u.anonymousId}>
                  <th scope="row">{u.userId ?? `${u.anonymousId} (anonymous)`}</th>
                  <td>{when(u.firstSeen)}</td>
                  <td>{when(u.lastSeen)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p class="muted">No users seen in this account yet.</p>
        )}
      </section>
      <section class="card">
        {a.activity.length ? (
          <table>
            <caption>Latest activity</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">User</th>
                <th scope="col">What</th>
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
          <p class="muted">No activity yet.</p>
        )}
      </section>
    </div>
  );
}
