import { randomBytes } from 'node:crypto';
import type { UnsubscribeStore } from '../store.js';
import type { Pool } from './pool.js';

/** Unsubscribes from journey email, and the secret of their links, in PostgreSQL (shared by every collector). */
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
    async eraseUnsubscribe(projectId, userKey) {
      return (await pool.query('DELETE FROM unsubscribes WHERE project_id = $1 AND user_key = $2', [projectId, userKey])).rowCount ?? 0;
    },
    async eraseQueuedEmails(projectId, userKey) {
      // Only email jobs' bodies are read as JSON (CASE: whatever another job's body holds).
      const erased = await pool.query(
        "DELETE FROM alert_outbox WHERE project_id = $1 AND CASE WHEN url LIKE 'mailto:%' THEN body::jsonb ->> 'userKey' END = $2",
        [projectId, userKey],
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
