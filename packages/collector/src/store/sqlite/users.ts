import type Database from 'better-sqlite3';
import type { Role } from '../../roles.js';
import { EVERY_PROJECT, membershipChange, type MembershipRole } from '../membership-change.js';
import type { Invitation, User, UserStore } from '../store.js';

interface UserRecord {
  id: number;
  email: string;
  password_hash: string;
  must_change_password: number;
  created_at: number;
  last_sign_in_at: number | null;
}

interface InvitationRecord {
  hash: string;
  email: string;
  project_id: number;
  role: Role;
  created_at: number;
  expires_at: number;
}

// The role that applies on project @project (its own row, else the one for every project), and the
// users who have one there.
const EFFECTIVE = `SELECT u.*, COALESCE(own.role, everywhere.role) AS role FROM users u
  LEFT JOIN memberships own ON own.user_id = u.id AND own.project_id = @project
  LEFT JOIN memberships everywhere ON everywhere.user_id = u.id AND everywhere.project_id = ${EVERY_PROJECT}
  WHERE COALESCE(own.role, everywhere.role, 'none') <> 'none'`;

/** Dashboard users, memberships, sessions and invitations in SQLite. */
export function sqliteUsers(db: Database.Database): UserStore {
  const insertUser = db.prepare('INSERT INTO users (email, password_hash, must_change_password, created_at) VALUES (?, ?, ?, ?) RETURNING *');
  const byEmail = db.prepare('SELECT * FROM users WHERE email = ?');
  const updatePassword = db.prepare('UPDATE users SET password_hash = ?, must_change_password = ? WHERE id = ?');
  const userMemberships = db.prepare('SELECT project_id, role FROM memberships WHERE user_id = ? ORDER BY project_id');
  const membershipRow = db.prepare('SELECT role FROM memberships WHERE user_id = ? AND project_id = ?').pluck();
  const upsertMembership = db.prepare(
    'INSERT INTO memberships (user_id, project_id, role) VALUES (?, ?, ?) ON CONFLICT (user_id, project_id) DO UPDATE SET role = excluded.role',
  );
  const deleteMembership = db.prepare('DELETE FROM memberships WHERE user_id = ? AND project_id = ?');
  const members = db.prepare(`${EFFECTIVE} ORDER BY u.email`);
  const otherOwners = db.prepare(`SELECT COUNT(*) FROM (${EFFECTIVE}) WHERE role = 'owner' AND id <> @user`).pluck();
  const clearSessions = db.prepare('DELETE FROM sessions WHERE expires_at <= ?');
  const insertSession = db.prepare('INSERT INTO sessions (hash, user_id, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?)');
  const signedIn = db.prepare('UPDATE users SET last_sign_in_at = ? WHERE id = ?');
  const sessionUser = db.prepare('SELECT u.* FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.hash = ? AND s.expires_at > ? AND s.last_seen_at > ?');
  // Marked used at most once a minute: a burst of requests is not a burst of writes.
  const touch = db.prepare('UPDATE sessions SET last_seen_at = ? WHERE hash = ? AND last_seen_at < ?');
  const deleteSession = db.prepare('DELETE FROM sessions WHERE hash = ?');
  const deleteUserSessions = db.prepare('DELETE FROM sessions WHERE user_id = ? AND hash <> ?');
  const clearInvitations = db.prepare('DELETE FROM invitations WHERE expires_at <= ?');
  const deleteInvitations = db.prepare('DELETE FROM invitations WHERE project_id = ? AND email = ?');
  const insertInvitation = db.prepare('INSERT INTO invitations (hash, email, project_id, role, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)');
  const invitationByHash = db.prepare('SELECT * FROM invitations WHERE hash = ? AND expires_at > ?');
  const takeInvitation = db.prepare('DELETE FROM invitations WHERE hash = ? AND expires_at > ? RETURNING *');
  const pending = db.prepare('SELECT * FROM invitations WHERE project_id = ? AND expires_at > ? ORDER BY email, created_at');

  const setMembership = db.transaction((userId: number, projectId: number | null, role: Role | null): 'ok' | 'last-owner' => {
    if (projectId === null) {
      if (role === null) deleteMembership.run(userId, EVERY_PROJECT);
      else upsertMembership.run(userId, EVERY_PROJECT, role);
      return 'ok';
    }
    const own = membershipRow.get(userId, projectId) as MembershipRole | undefined;
    const every = membershipRow.get(userId, EVERY_PROJECT) as MembershipRole | undefined;
    const change = membershipChange(own, every, role);
    if (change.removesOwner && (otherOwners.get({ project: projectId, user: userId }) as number) === 0) return 'last-owner';
    if (change.row === undefined) deleteMembership.run(userId, projectId);
    else upsertMembership.run(userId, projectId, change.row);
    return 'ok';
  });

  return {
    async createUser(u) {
      return toUser(insertUser.get(u.email, u.passwordHash, u.mustChangePassword ? 1 : 0, u.createdAt) as UserRecord);
    },
    async userByEmail(email) {
      const record = byEmail.get(email) as UserRecord | undefined;
      return record && toUser(record);
    },
    async setPassword(userId, passwordHash, mustChangePassword) {
      updatePassword.run(passwordHash, mustChangePassword ? 1 : 0, userId);
    },
    async memberships(userId) {
      return (userMemberships.all(userId) as Array<{ project_id: number; role: MembershipRole }>).map((r) => ({
        projectId: r.project_id === EVERY_PROJECT ? null : r.project_id,
        role: r.role,
      }));
    },
    async setMembership(userId, projectId, role) {
      return setMembership.immediate(userId, projectId, role);
    },
    async projectMembers(projectId) {
      return (members.all({ project: projectId }) as Array<UserRecord & { role: Role }>).map((r) => ({
        email: r.email,
        role: r.role,
        lastSignInAt: r.last_sign_in_at,
      }));
    },
    async createSession(s) {
      db.transaction(() => {
        clearSessions.run(s.createdAt);
        insertSession.run(s.hash, s.userId, s.createdAt, s.createdAt, s.expiresAt);
        signedIn.run(s.createdAt, s.userId);
      })();
    },
    async useSession(hash, now, idleMs) {
      const record = sessionUser.get(hash, now, now - idleMs) as UserRecord | undefined;
      if (!record) return undefined;
      touch.run(now, hash, now - 60_000);
      return toUser(record);
    },
    async endSession(hash) {
      deleteSession.run(hash);
    },
    async endUserSessions(userId, exceptHash = '') {
      return deleteUserSessions.run(userId, exceptHash).changes;
    },
    async saveInvitation(i) {
      db.transaction(() => {
        clearInvitations.run(i.createdAt);
        deleteInvitations.run(i.projectId, i.email);
        insertInvitation.run(i.hash, i.email, i.projectId, i.role, i.createdAt, i.expiresAt);
      })();
    },
    async invitation(hash, now) {
      const record = invitationByHash.get(hash, now) as InvitationRecord | undefined;
      return record && toInvitation(record);
    },
    async takeInvitation(hash, now) {
      const record = takeInvitation.get(hash, now) as InvitationRecord | undefined;
      return record && toInvitation(record);
    },
    async pendingInvitations(projectId, now) {
      return (pending.all(projectId, now) as InvitationRecord[]).map(toInvitation);
    },
    async dropInvitations(projectId, email) {
      return deleteInvitations.run(projectId, email).changes;
    },
  };
}

function toUser(r: UserRecord): User {
  return {
    id: r.id,
    email: r.email,
    passwordHash: r.password_hash,
    mustChangePassword: Boolean(r.must_change_password),
    createdAt: r.created_at,
    lastSignInAt: r.last_sign_in_at,
  };
}

function toInvitation(r: InvitationRecord): Invitation {
  return { hash: r.hash, email: r.email, projectId: r.project_id, role: r.role, createdAt: r.created_at, expiresAt: r.expires_at };
}
