import { useEffect, useState } from 'preact/hooks';
import { currentLocale } from '../i18n/locale.js';

/**
 * The words of the owners' pages (team, audit log, keys and environments), promotion and the
 * invitation page. English travels in their chunk; Japanese (team-ja.ts) is a chunk of its
 * own, fetched only when these pages open in Japanese: the dashboard's Japanese chunk stays small.
 */
export const teamEn = {
  members: 'Members',
  role: 'Role',
  status: 'Status',
  lastSignIn: 'Last sign-in',
  never: 'Never',
  active: 'Active',
  invited: 'Invited',
  roleOf: 'Role of {email}',
  remove: 'Remove',
  removeWho: 'Remove {email} from this project?',
  removed: '{email} no longer has access. Their sessions on this project ended.',
  roleChanged: '{email} is now {role}.',
  changeRole: 'Change role',
  invite: 'Invite a member',
  inviteButton: 'Invite',
  inviteLink: 'Invitation link for {email}',
  inviteHow: 'Send this link to {email}. It works once, until {date}; they choose their password there.',
  copy: 'Copy',
  copied: 'Copied.',
  you: '(you)',
  roles: { viewer: 'Viewer', editor: 'Editor', publisher: 'Publisher', owner: 'Owner' } as Record<string, string>,
  roleHelp:
    'Viewer: reads reports and content. Editor: also edits the draft, previews and builds. Publisher: also publishes, rolls back and erases users. Owner: also manages members and keys.',
  // Audit log
  action: 'Action',
  anyAction: 'Any action',
  actor: 'Who',
  from: 'From',
  to: 'To',
  filter: 'Filter',
  when: 'When',
  target: 'What',
  details: 'Details',
  noEntries: 'Nothing recorded for these filters.',
  more: 'Show older entries',
  actions: {
    'content.publish': 'Published',
    'content.rollback': 'Rolled back',
    'content.promote': 'Promoted to production',
    'draft.save': 'Saved the draft',
    'preview.token': 'Opened a preview',
    'builder.session': 'Opened the builder',
    'keys.rotate': 'Rotated keys',
    'user.invite': 'Invited a member',
    'user.role': "Changed a member's role",
    'user.remove': 'Removed a member',
    'user.password': 'Changed a password',
    'user.sessions-revoked': 'Signed out everywhere',
    'user-data.delete': "Erased a user's data",
  } as Record<string, string>,
  // Keys and environments
  keys: 'Keys',
  writeKey: 'Write key (public, in your pages)',
  secretKeyKind: 'Secret key (for your servers)',
  validUntil: 'valid until {date}',
  current: 'current',
  rotate: 'Rotate keys',
  whichKeys: 'Keys to rotate',
  bothKeys: 'Both',
  writeOnly: 'The write key',
  secretOnly: 'The secret key',
  grace: 'The old keys keep working for',
  graceHours: { 0: 'No time: stop now', 1: '1 hour', 24: '24 hours', 168: '7 days' } as Record<number, string>,
  rotateConfirm: 'Rotate now',
  newKeys: 'Your new keys',
  newKeysOnce: 'Copy the secret key now: it is not shown again. The old keys work until {date}.',
  environments: 'Environments',
  stagingAbout: 'Staging has its own keys, content and events. Install it on your staging app, try content there, then promote it to production.',
  stagingId: 'Staging is project {id}. Pick it with the environment switch at the top.',
  createStaging: 'Create the staging environment',
  stagingKeys: 'Staging keys',
  // Promotion
  promoteAbout: "What changes in production when staging's published content is promoted:",
  promoteVersions: "Staging's version {staging} replaces production's version {production}.",
  promoteButton: 'Promote to production',
  promoted: 'Promoted: production runs version {n}.',
  nothingToPromote: 'Staging has published nothing yet.',
  choosePassword: 'Choose your password',
  choosePasswordWhy: 'Your password was given to you once. Choose your own to go on.',
  currentPassword: 'Current password',
  newPassword: 'New password',
  repeatPassword: 'New password again',
  passwordRule: 'At least {n} characters.',
  passwordsDiffer: 'The two new passwords are not the same.',
  savePassword: 'Save the password',
  // Invitation
  invitationFor: 'Join {project} as {role}',
  invitationAs: 'You are invited as {email}. Choose a password to sign in.',
  invitationGone: 'This invitation link has expired or was already used. Ask an owner of your team for a new one.',
  join: 'Join',
};

export type TeamStrings = typeof teamEn;

let ja: TeamStrings | undefined;

/** Fetches the Japanese words (once). */
async function loadJapanese(): Promise<void> {
  ja ??= (await import('./team-ja.js')).teamJa;
}

/**
 * The team pages' words in the dashboard's language; undefined while the Japanese ones load
 * (after a switch of language on a team page).
 */
export function useTeamStrings(): TeamStrings | undefined {
  const [, loaded] = useState(0);
  const want = currentLocale();
  useEffect(() => {
    if (want === 'ja' && !ja)
      loadJapanese().then(
        () => loaded((n) => n + 1),
        () => loaded((n) => n + 1),
      );
  }, [want]);
  return want === 'ja' ? ja : teamEn;
}
