import { ROLES, type Role } from '@touchpoint/content';
import { h } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError } from '../api.js';
import { dateTime, fmt, t } from '../i18n/locale.js';
import { CollectorError, CollectorText, Loading, type PageProps, useApi } from '../shared.js';
import { CopyField } from './CopyField.js';
import { type TeamStrings, useTeamStrings } from './strings.js';

interface Member {
  email: string;
  role: Role;
  status: 'active' | 'invited';
  lastSignInAt?: string;
}

interface Invitation {
  email: string;
  role: Role;
  inviteUrl: string;
  expiresAt: string;
}

/** One line of what happened, for the page's live region: done, or the collector's refusal (409: the last owner). */
type Said = { ok: boolean; text: string };

/**
 * The project's members (owners only, CONTRACT §8): their roles, changed or removed in place,
 * and invitations as one-time links the owner sends themselves (no email is sent: the
 * collector may have no mail server).
 */
export function TeamPage({ project, session }: PageProps) {
  const s = useTeamStrings();
  const members = useApi<{ users: Member[] }>(project, '/v1/users');
  const [said, setSaid] = useState<Said>();
  const [invited, setInvited] = useState<Invitation>();
  if (!s || !members.data) return <Loading error={members.error} />;
  const act = async (work: () => Promise<string>) => {
    setSaid(undefined);
    try {
      setSaid({ ok: true, text: await work() });
    } catch (err) {
      setSaid({ ok: false, text: err instanceof ApiError ? err.message : fmt(t.collectorSaid, { error: (err as Error).message }) });
    }
    members.reload();
  };
  const path = (email: string) => `/v1/users/${encodeURIComponent(email)}`;
  return (
    <div class="grid">
      <section class="card wide" aria-labelledby="members-title">
        <h2 id="members-title">{s.members}</h2>
        <p class="muted">{s.roleHelp}</p>
        <table>
          <thead>
            <tr>
              <th scope="col">{t.email}</th>
              <th scope="col">{s.role}</th>
              <th scope="col">{s.status}</th>
              <th scope="col">{s.lastSignIn}</th>
              <th scope="col">
                <span class="sr-only">{s.remove}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {members.data.users.map((m) => (
              <tr key={m.email}>
                <th scope="row">
                  {m.email} {m.email === session?.user.email && <span class="muted">{s.you}</span>}
                </th>
                <td>
                  <MemberRole
                    s={s}
                    email={m.email}
                    role={m.role}
                    onChange={(role) =>
                      act(async () => {
                        await api(project, path(m.email), { method: 'PATCH', body: { role } });
                        return fmt(s.roleChanged, { email: m.email, role: s.roles[role]! });
                      })
                    }
                  />
                </td>
                <td>{m.status === 'active' ? s.active : s.invited}</td>
                <td>{m.lastSignInAt ? dateTime(m.lastSignInAt) : s.never}</td>
                <td>
                  <button
                    type="button"
                    onClick={() =>
                      confirm(fmt(s.removeWho, { email: m.email })) &&
                      act(async () => {
                        await api(project, `${path(m.email)}/membership`, { method: 'DELETE' });
                        return fmt(s.removed, { email: m.email });
                      })
                    }
                  >
                    {s.remove}
                    <span class="sr-only"> {m.email}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p role="status" class={said?.ok === false ? 'error' : 'ok'}>
          {said && (said.ok ? said.text : <CollectorText text={said.text} />)}
        </p>
      </section>
      <InviteForm
        s={s}
        onInvite={(email, role) => api<Invitation>(project, '/v1/users', { method: 'POST', body: { email, role } })}
        onDone={(i) => {
          setInvited(i);
          members.reload();
        }}
      />
      {invited && (
        <section class="card wide" aria-labelledby="link-title">
          <h2 id="link-title">{fmt(s.inviteLink, { email: invited.email })}</h2>
          <p>{fmt(s.inviteHow, { email: invited.email, date: dateTime(invited.expiresAt) })}</p>
          <CopyField s={s} label={fmt(s.inviteLink, { email: invited.email })} value={invited.inviteUrl} />
        </section>
      )}
    </div>
  );
}

/**
 * A member's role: picked in the list, changed only with the button beside it, so that
 * looking through the roles with the arrow keys (which change a select's value at each key)
 * grants or takes nothing. Once the change is saved or refused, the list shows the saved role
 * again and has focus (the button is gone).
 */
function MemberRole({ s, email, role, onChange }: { s: TeamStrings; email: string; role: Role; onChange: (role: Role) => Promise<void> }) {
  const [picked, pick] = useState(role);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => pick(role), [role]);
  return (
    <div class="inline" ref={box}>
      <RoleSelect s={s} label={fmt(s.roleOf, { email })} value={picked} onChange={pick} />
      {picked !== role && (
        <button
          type="button"
          onClick={async () => {
            await onChange(picked);
            pick(role);
            box.current?.querySelector('select')?.focus();
          }}
        >
          {s.changeRole}
          <span class="sr-only"> {fmt(s.roleOf, { email })}</span>
        </button>
      )}
    </div>
  );
}

export function RoleSelect({ s, label, value, onChange }: { s: TeamStrings; label: string; value: Role; onChange: (role: Role) => void }) {
  return (
    <label class="field">
      <span class="sr-only">{label}</span>
      <select value={value} onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value as Role)}>
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {s.roles[r]}
          </option>
        ))}
      </select>
    </label>
  );
}

function InviteForm({
  s,
  onInvite,
  onDone,
}: {
  s: TeamStrings;
  onInvite: (email: string, role: Role) => Promise<Invitation>;
  onDone: (i: Invitation) => void;
}) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [error, setError] = useState<string>();
  return (
    <section class="card wide" aria-labelledby="invite-title">
      <h2 id="invite-title">{s.invite}</h2>
      <form
        class="actions"
        onSubmit={async (e) => {
          e.preventDefault();
          setError(undefined);
          try {
            onDone(await onInvite(email.trim(), role));
            setEmail('');
          } catch (err) {
            setError((err as Error).message);
          }
        }}
      >
        <label class="field">
          <span>{t.email}</span>
          <input type="email" required value={email} onInput={(e) => setEmail((e.currentTarget as HTMLInputElement).value)} />
        </label>
        <RoleSelect s={s} label={s.role} value={role} onChange={setRole} />
        <button type="submit" class="primary">
          {s.inviteButton}
        </button>
      </form>
      <CollectorError error={error} />
    </section>
  );
}
