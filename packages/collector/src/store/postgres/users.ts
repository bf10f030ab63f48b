import type { Role } from '../../roles.js';
import { EVERY_PROJECT, membershipChange, type MembershipRole } from '../membership-change.js';
import type { Invitation, User, UserStore } from '../store.js';
import { transaction, type Pool } from './pool.js';

interface UserRow {
  id: number;
  email: string;
  password_hash: string;
  must_change_password: boolean;
  created_at: number;
  last_sign_in_at: number | null;
}

interface InvitationRow {
  hash: string;
  email: string;
  project_id: number;
  role: Role;
  created_at: number;
  expires_at: number;
}

// The role that applies on project $1 (its own row, else the one for every project), and the users who have one there.
const EFFECTIVE = `SELECT u.*, COALESCE(own.role, everywhere.role) AS role FROM users u
  LEFT JOIN memberships own ON own.user_id = u.id AND own.project_id = $1
  LEFT JOIN memberships everywhere ON everywhere.user_id = u.id AND everywhere.project_id = ${EVERY_PROJECT}
  WHERE COALESCE(own.role, everywhere.role, 'none') <> 'none'`;

// Membership changes of one project take turns (the last-owner check reads, then writes).
const MEMBERSHIP_LOCK = 0x7470_6d62; // "tpmb"

/** Dashboard users, memberships, sessions and invitations in PostgreSQL. */
export function postgresUsers(pool: Pool): UserStore {
  return {
    async createUser(u) {
      const { rows } = await pool.query<UserRow>(
        'INSERT INTO users (email, password_hash, must_change_password, created_at) VALUES ($1, $2, $3, $4) RETURNING *',
        [u.email, u.passwordHash, u.mustChangePassword, u.createdAt],
      );
      return toUser(rows[0]!);
    },
    async userByEmail(email) {
      const { rows } = await pool.query<UserRow>('SELECT * FROM users WHERE email = $1', [email]);
      return rows[0] && toUser(rows[0]);
    },
    async setPassword(userId, passwordHash, mustChangePassword) {
      await pool.query('UPDATE users SET password_hash = $1, must_change_password = $2 WHERE id = $3', [passwordHash, mustChangePassword, userId]);
    },
    async memberships(userId) {
      const { rows } = await pool.query<{ project_id: number; role: MembershipRole }>(
        'SELECT project_id, role FROM memberships WHERE user_id = $1 ORDER BY project_id',
        [userId],
      );
      return rows.map((r) => ({ projectId: r.project_id === EVERY_PROJECT ? null : r.project_id, role: r.role }));
    },
    async setMembership(userId, projectId, role) {
      return transaction(pool, async (client) => {
        const write = (project: number, row: MembershipRole | undefined) =>
          row === undefined
            ? client.query('DELETE FROM memberships WHERE user_id = $1 AND project_id = $2', [userId, project])
            : client.query(
                'INSERT INTO memberships (user_id, project_id, role) VALUES ($1, $2, $3) ON CONFLICT (user_id, project_id) DO UPDATE SET role = excluded.role',
                [userId, project, row],
              );
        if (projectId === null) {
          await write(EVERY_PROJECT, role ?? undefined);
          return 'ok' as const;
        }
        await client.query('SELECT pg_advisory_xact_lock($1, $2)', [MEMBERSHIP_LOCK, projectId]);
        const { rows } = await client.query<{ project_id: number; role: MembershipRole }>(
          'SELECT project_id, role FROM memberships WHERE user_id = $1 AND project_id IN ($2, $3)',
          [userId, projectId, EVERY_PROJECT],
        );
        const change = membershipChange(rows.find((r) => r.project_id === projectId)?.role, rows.find((r) => r.project_id === EVERY_PROJECT)?.role, role);
        if (change.removesOwner) {
          const others = await client.query<{ n: number }>(`SELECT COUNT(*)::integer AS n FROM (${EFFECTIVE}) m WHERE role = 'owner' AND id <> $2`, [
            projectId,
            userId,
          ]);
          if (others.rows[0]!.n === 0) return 'last-owner' as const;
        }
        await write(projectId, change.row);
        return 'ok' as const;
      });
    },
    async projectMembers(projectId) {
      const { rows } = await pool.query<UserRow & { role: Role }>(`${EFFECTIVE} ORDER BY u.email COLLATE "C"`, [projectId]);
      return rows.map((r) => ({ email: r.email, role: r.role, lastSignInAt: r.last_sign_in_at }));
    },
    async createSession(s) {
      await transaction(pool, async (client) => {
        await client.query('DELETE FROM sessions WHERE expires_at <= $1', [s.createdAt]);
        await client.query('INSERT INTO sessions (hash, user_id, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $3, $4)', [
          s.hash,
          s.userId,
          s.createdAt,
          s.expiresAt,
        ]);
        await client.query('UPDATE users SET last_sign_in_at = $1 WHERE id = $2', [s.createdAt, s.userId]);
      });
    },
    async useSession(hash, now, idleMs) {
      const { rows } = await pool.query<UserRow>(
        'SELECT u.* FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.hash = $1 AND s.expires_at > $2 AND s.last_seen_at > $3',
        [hash, now, now - idleMs],
      );
      if (!rows[0]) return undefined;
      // Marked used at most once a minute: a burst of requests is not a burst of writes.
      await pool.query('UPDATE sessions SET last_seen_at = $1 WHERE hash = $2 AND last_seen_at < $3', [now, hash, now - 60_000]);
      return toUser(rows[0]);
    },
    async endSession(hash) {
      await pool.query('DELETE FROM sessions WHERE hash = $1', [hash]);
    },
    async endUserSessions(userId, exceptHash = '') {
      return (await pool.query('DELETE FROM sessions WHERE user_id = $1 AND hash <> $2', [userId, exceptHash])).rowCount ?? 0;
    },
    async saveInvitation(i) {
      await transaction(pool, async (client) => {
        await client.query('DELETE FROM invitations WHERE expires_at <= $1', [i.createdAt]);
        await client.query('DELETE FROM invitations WHERE project_id = $1 AND email = $2', [i.projectId, i.email]);
        await client.query('INSERT INTO invitations (hash, email, project_id, role, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)', [
          i.hash,
          i.email,
          i.projectId,
          i.role,
          i.createdAt,
          i.expiresAt,
        ]);
      });
    },
    async invitation(hash, now) {
      const { rows } = await pool.query<InvitationRow>('SELECT * FROM invitations WHERE hash = $1 AND expires_at > $2', [hash, now]);
      return rows[0] && toInvitation(rows[0]);
    },
    async takeInvitation(hash, now) {
      const { rows } = await pool.query<InvitationRow>('DELETE FROM invitations WHERE hash = $1 AND expires_at > $2 RETURNING *', [hash, now]);
      return rows[0] && toInvitation(rows[0]);
    },
    async pendingInvitations(projectId, now) {
      const { rows } = await pool.query<InvitationRow>(
        'SELECT * FROM invitations WHERE project_id = $1 AND expires_at > $2 ORDER BY email COLLATE "C", created_at',
        [projectId, now],
      );
      return rows.map(toInvitation);
    },
    async dropInvitations(projectId, email) {
      return (await pool.query('DELETE FROM invitations WHERE project_id = $1 AND email = $2', [projectId, email])).rowCount ?? 0;
    },
  };
}

function toUser(r: UserRow): User {
  return {
    id: r.id,
    email: r.email,
    passwordHash: r.password_hash,
    mustChangePassword: r.must_change_password,
    createdAt: r.created_at,
    lastSignInAt: r.last_sign_in_at,
  };
}

function toInvitation(r: InvitationRow): Invitation {
  return { hash: r.hash, email: r.email, projectId: r.project_id, role: r.role, createdAt: r.created_at, expiresAt: r.expires_at };
}
