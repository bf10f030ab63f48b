import { h } from 'preact';
import { useState } from 'preact/hooks';
import { api, ApiError, type Project } from '../api.js';
import { dateTime, fmt, t } from '../i18n/locale.js';
import { CollectorError, Loading, type PageProps, useApi } from '../shared.js';
import { CopyField } from './CopyField.js';
import { type TeamStrings, useTeamStrings } from './strings.js';

interface KeyPreview {
  kind: 'write' | 'secret';
  preview: string;
  validUntil?: string | number;
}

interface ProjectInfo {
  environment?: 'production' | 'staging';
  stagingId?: number;
  keys?: KeyPreview[];
}

interface NewKeys {
  writeKey?: string;
  secretKey?: string;
  previousValidUntil?: string | number;
}

const GRACE = [0, 1, 24, 168] as const;

/**
 * Keys and environments (owners only): the keys in use, shown by their last characters (a
 * secret key is shown whole once, when it is made); rotation with a grace period in which the
 * old keys keep working; the staging environment.
 */
export function SettingsPage({ project }: PageProps) {
  const s = useTeamStrings();
  const info = useApi<ProjectInfo>(project, '/v1/project');
  if (!s || !info.data) return <Loading error={info.error} />;
  return (
    <div class="grid">
      <Keys s={s} project={project} keys={info.data.keys ?? []} onRotated={info.reload} />
      {info.data.environment !== 'staging' && <Staging s={s} project={project} stagingId={info.data.stagingId} />}
    </div>
  );
}

const when = (at: string | number) => dateTime(new Date(at).toISOString());

function Keys({ s, project, keys, onRotated }: { s: TeamStrings; project: Project; keys: KeyPreview[]; onRotated: () => void }) {
  const [which, setWhich] = useState<'both' | 'write' | 'secret'>('both');
  const [grace, setGrace] = useState(24);
  const [made, setMade] = useState<NewKeys>();
  const [error, setError] = useState<string>();
  return (
    <section class="card wide" aria-labelledby="keys-title">
      <h2 id="keys-title">{s.keys}</h2>
      <ul class="list">
        {keys.map((k) => (
          <li key={k.preview}>
            {k.kind === 'write' ? s.writeKey : s.secretKeyKind}: <code>{k.preview}</code>{' '}
            <span class="muted">{k.validUntil ? fmt(s.validUntil, { date: when(k.validUntil) }) : s.current}</span>
          </li>
        ))}
      </ul>
      <h3>{s.rotate}</h3>
      <form
        class="actions"
        onSubmit={async (e) => {
          e.preventDefault();
          setError(undefined);
          try {
            setMade(await api<NewKeys>(project, '/v1/project/keys/rotate', { method: 'POST', body: { keys: which, graceHours: grace } }));
            onRotated();
          } catch (err) {
            setError(err instanceof ApiError ? err.message : fmt(t.collectorSaid, { error: (err as Error).message }));
          }
        }}
      >
        <label class="field">
          <span>{s.whichKeys}</span>
          <select value={which} onChange={(e) => setWhich((e.currentTarget as HTMLSelectElement).value as typeof which)}>
            <option value="both">{s.bothKeys}</option>
            <option value="write">{s.writeOnly}</option>
            <option value="secret">{s.secretOnly}</option>
          </select>
        </label>
        <label class="field">
          <span>{s.grace}</span>
          <select value={String(grace)} onChange={(e) => setGrace(Number((e.currentTarget as HTMLSelectElement).value))}>
            {GRACE.map((hours) => (
              <option key={hours} value={String(hours)}>
                {s.graceHours[hours]}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" class="primary">
          {s.rotateConfirm}
        </button>
      </form>
      <CollectorError error={error} />
      {made && (
        <ShownOnce
          s={s}
          title={s.newKeys}
          keys={made}
          note={made.previousValidUntil ? fmt(s.newKeysOnce, { date: when(made.previousValidUntil) }) : undefined}
        />
      )}
    </section>
  );
}

/** Keys made just now: the only time a whole secret key is on screen. */
function ShownOnce({ s, title, keys, note }: { s: TeamStrings; title: string; keys: NewKeys; note?: string }) {
  return (
    <div role="status">
      <h3>{title}</h3>
      {note && <p class="warning">{note}</p>}
      {keys.writeKey && <CopyField s={s} label={s.writeKey} value={keys.writeKey} />}
      {keys.secretKey && <CopyField s={s} label={s.secretKeyKind} value={keys.secretKey} />}
    </div>
  );
}

function Staging({ s, project, stagingId }: { s: TeamStrings; project: Project; stagingId?: number }) {
  const [made, setMade] = useState<NewKeys & { id: number }>();
  const [error, setError] = useState<string>();
  const id = made?.id ?? stagingId;
  return (
    <section class="card wide" aria-labelledby="env-title">
      <h2 id="env-title">{s.environments}</h2>
      <p class="muted">{s.stagingAbout}</p>
      {id !== undefined ? (
        <p>{fmt(s.stagingId, { id })}</p>
      ) : (
        <button
          type="button"
          onClick={() => api<NewKeys & { id: number }>(project, '/v1/project/staging', { method: 'POST' }).then(setMade, (err: Error) => setError(err.message))}
        >
          {s.createStaging}
        </button>
      )}
      {made && <ShownOnce s={s} title={s.stagingKeys} keys={made} />}
      <CollectorError error={error} />
    </section>
  );
}
