import type { Role } from '@touchpoint/content';
import { h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { acceptInvitation, api, type Session } from '../api.js';
import { fmt } from '../i18n/locale.js';
import { NewPassword } from './NewPassword.js';
import { Loading } from '../shared.js';
import { useTeamStrings } from './strings.js';

interface Invitation {
  email: string;
  project: string;
  role: Role;
}

/**
 * An invitation link (`#/invite/TOKEN`): who is invited to what, and their new password; the
 * answer signs them in. A used or expired link says so and what to do.
 */
export function InvitePage({ token, onSignedIn }: { token: string; onSignedIn: (s: Session) => void }) {
  const s = useTeamStrings();
  const [invitation, setInvitation] = useState<Invitation | null>();
  useEffect(() => {
    api<Invitation>(undefined, `/v1/invitations/${encodeURIComponent(token)}`).then(setInvitation, () => setInvitation(null));
  }, [token]);
  if (!s || invitation === undefined) return <Loading />;
  if (invitation === null)
    return (
      <p class="error" role="alert">
        {s.invitationGone}
      </p>
    );
  return (
    <NewPassword
      s={s}
      title={fmt(s.invitationFor, { project: invitation.project, role: s.roles[invitation.role] ?? invitation.role })}
      lead={<p>{fmt(s.invitationAs, { email: invitation.email })}</p>}
      current={false}
      submit={s.join}
      onSave={async (password) => onSignedIn(await acceptInvitation(token, password))}
    />
  );
}
