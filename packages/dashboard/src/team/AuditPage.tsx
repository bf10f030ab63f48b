import { h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { dateTime, t } from '../i18n/locale.js';
import { Empty, Loading, Table, type PageProps } from '../shared.js';
import { useTeamStrings } from './strings.js';

interface Entry {
  at: string | number;
  actor: string;
  action: string;
  target: string;
  details?: Record<string, unknown>;
}

interface Filters {
  action: string;
  actor: string;
  from: string;
  to: string;
}

/** The filters as the query of `GET /v1/audit` (CONTRACT §8); `from`/`to` are whole UTC days. */
export function auditQuery(f: Filters, cursor?: string): string {
  const q = new URLSearchParams();
  if (f.action) q.set('action', f.action);
  if (f.actor.trim()) q.set('actor', f.actor.trim());
  if (f.from) q.set('from', f.from);
  if (f.to) q.set('to', f.to);
  if (cursor) q.set('cursor', cursor);
  const s = q.toString();
  return `/v1/audit${s ? `?${s}` : ''}`;
}

/** An entry's details as short "name: value" lines of text (never HTML). */
export function detailLines(details: Record<string, unknown> | undefined): string[] {
  return Object.entries(details ?? {}).map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
}

/** Who did what and when (owners only): every publish, rollback, draft save, key rotation and member change. */
export function AuditPage({ project }: PageProps) {
  const s = useTeamStrings();
  const [form, setForm] = useState<Filters>({ action: '', actor: '', from: '', to: '' });
  const [filters, setFilters] = useState(form);
  const [entries, setEntries] = useState<Entry[]>();
  const [next, setNext] = useState<string>();
  const [error, setError] = useState<string>();
  const load = (cursor?: string) =>
    api<{ entries: Entry[]; next?: string }>(project, auditQuery(filters, cursor)).then(
      (r) => {
        setEntries((old) => [...(cursor && old ? old : []), ...r.entries]);
        setNext(r.next);
      },
      (e: Error) => setError(e.message),
    );
  useEffect(() => {
    setEntries(undefined);
    void load();
  }, [project.id, filters]);
  if (!s) return <Loading />;
  const set = (k: keyof Filters) => (e: Event) => setForm({ ...form, [k]: (e.currentTarget as HTMLInputElement).value });
  return (
    <div class="grid">
      <form
        class="card wide actions"
        onSubmit={(e) => {
          e.preventDefault();
          setFilters(form);
        }}
      >
        <label class="field">
          <span>{s.action}</span>
          <select value={form.action} onChange={set('action')}>
            <option value="">{s.anyAction}</option>
            {Object.entries(s.actions).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span>{s.actor}</span>
          <input value={form.actor} onInput={set('actor')} />
        </label>
        <label class="field">
          <span>{s.from}</span>
          <input type="date" value={form.from} onInput={set('from')} />
        </label>
        <label class="field">
          <span>{s.to}</span>
          <input type="date" value={form.to} onInput={set('to')} />
        </label>
        <button type="submit">{s.filter}</button>
      </form>
      <section class="card wide">
        {error ? (
          <Loading error={error} />
        ) : !entries ? (
          <Loading />
        ) : !entries.length ? (
          <Empty>{s.noEntries}</Empty>
        ) : (
          <Table label={t.audit}>
            <thead>
              <tr>
                <th scope="col">{s.when}</th>
                <th scope="col">{s.actor}</th>
                <th scope="col">{s.action}</th>
                <th scope="col">{s.target}</th>
                <th scope="col">{s.details}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e, i) => (
                <tr key={i}>
                  <td>{dateTime(new Date(e.at).toISOString())}</td>
                  <td>{e.actor}</td>
                  <td>{s.actions[e.action] ?? e.action}</td>
                  <td>{e.target}</td>
                  <td class="reasons">
                    {detailLines(e.details).map((line) => (
                      <div key={line}>{line}</div>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
        {next && (
          <button type="button" onClick={() => load(next)}>
            {s.more}
          </button>
        )}
      </section>
    </div>
  );
}
