import { randomBytes } from 'node:crypto';
import type { UnsubscribeStore } from '../store.js';
import type { Pool } from './pool.js';

/** Unsubscribes from journey email (per user and per address), and the secret of their links, in PostgreSQL (shared by every collector). */
export function postgresUnsubscribes(pool: Pool): UnsubscribeStore {
  let secret: string | undefined;
  return {
    async unsubscribe(projectId, userKey, at) {
      await pool.query('INSERT INTO unsubscribes (project_id, user_key, at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [projectId, userKey, at]);
    },
    async unsubscribedAt(projectId, userKey) {
      const { rows } = await pool.query<{ at: number }>('SELECT at FROM unsubscribes WHERE project_id = $1 AND user_key = $2', [projectId, userKey]);
      return rows[0]?.at;
    },
    async suppressAddress(scope, addressKey, at) {
      await pool.query('INSERT INTO address_suppressions (project_id, address_key, at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [scope, addressKey, at]);
    },
    async addressSuppressedAt(scope, addressKey) {
      const { rows } = await pool.query<{ at: number }>('SELECT at FROM address_suppressions WHERE project_id = $1 AND address_key = $2', [scope, addressKey]);
      return rows[0]?.at;
    },
    async eraseUnsubscribe(projectId, userKey) {
      return (await pool.query('DELETE FROM unsubscribes WHERE project_id = $1 AND user_key = $2', [projectId, userKey])).rowCount ?? 0;
    },
    async eraseJourneyJobs(projectId, userKeys) {
      // The user key of a journey's job: an email's `userKey`, a webhook's `user_key` (its id is
      // the entry's, `je_…`). Other jobs' bodies are never read as JSON (CASE: they may hold anything).
      const erased = await pool.query(
        `DELETE FROM alert_outbox WHERE project_id = $1 AND CASE WHEN url LIKE 'mailto:%' THEN body::jsonb ->> 'userKey'
           WHEN id LIKE 'je\\_%' THEN body::jsonb ->> 'user_key' END = ANY($2::text[])`,
        [projectId, userKeys],
      );
      return erased.rowCount ?? 0;
    },
    async unsubscribeSecret() {
      // Instances starting together may each make one: the first stored wins, and all read it.
      // It never changes once stored, so it is read once per process.
      if (secret) return secret;
      await pool.query("INSERT INTO installation_secrets (name, secret) VALUES ('unsubscribe', $1) ON CONFLICT DO NOTHING", [
        randomBytes(32).toString('base64url'),
      ]);
      const { rows } = await pool.query<{ secret: string }>("SELECT secret FROM installation_secrets WHERE name = 'unsubscribe'");
      secret = rows[0]!.secret;
      return secret;
    },
  };
}
