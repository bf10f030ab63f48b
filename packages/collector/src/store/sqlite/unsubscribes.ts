import type Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import type { UnsubscribeStore } from '../store.js';

/** Unsubscribes from journey email, and the secret of their links, in SQLite. */
export function sqliteUnsubscribes(db: Database.Database): UnsubscribeStore {
  const insert = db.prepare('INSERT OR IGNORE INTO unsubscribes (project_id, user_key, at) VALUES (?, ?, ?)');
  const select = db.prepare('SELECT at FROM unsubscribes WHERE project_id = ? AND user_key = ?').pluck();
  const erase = db.prepare('DELETE FROM unsubscribes WHERE project_id = ? AND user_key = ?');
  // Only email jobs' bodies are read as JSON (CASE: whatever another job's body holds).
  const eraseEmails = db.prepare(
    "DELETE FROM alert_outbox WHERE project_id = ? AND CASE WHEN url LIKE 'mailto:%' THEN json_extract(body, '$.userKey') END = ?",
  );
  const makeSecret = db.prepare("INSERT OR IGNORE INTO installation_secrets (name, secret) VALUES ('unsubscribe', ?)");
  const readSecret = db.prepare("SELECT secret FROM installation_secrets WHERE name = 'unsubscribe'").pluck();
  return {
    async unsubscribe(projectId, userKey, at) {
      insert.run(projectId, userKey, at);
    },
    async unsubscribedAt(projectId, userKey) {
      return select.get(projectId, userKey) as number | undefined;
    },
    async eraseUnsubscribe(projectId, userKey) {
      return erase.run(projectId, userKey).changes;
    },
    async eraseQueuedEmails(projectId, userKey) {
      return eraseEmails.run(projectId, userKey).changes;
    },
    async unsubscribeSecret() {
      // Two processes on one file may both make one: the first kept wins, and both read it.
      makeSecret.run(randomBytes(32).toString('base64url'));
      return readSecret.get() as string;
    },
  };
}
