import type Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import type { UnsubscribeStore } from '../store.js';

/** Unsubscribes from journey email (per user and per address), and the secret of their links, in SQLite. */
export function sqliteUnsubscribes(db: Database.Database): UnsubscribeStore {
  const insert = db.prepare('INSERT OR IGNORE INTO unsubscribes (project_id, user_key, at) VALUES (?, ?, ?)');
  const select = db.prepare('SELECT at FROM unsubscribes WHERE project_id = ? AND user_key = ?').pluck();
  const suppress = db.prepare('INSERT OR IGNORE INTO address_suppressions (project_id, address_key, at) VALUES (?, ?, ?)');
  const suppressed = db.prepare('SELECT at FROM address_suppressions WHERE project_id = ? AND address_key = ?').pluck();
  const erase = db.prepare('DELETE FROM unsubscribes WHERE project_id = ? AND user_key = ?');
  // The user key of a journey's job: an email's `userKey`, a webhook's `user_key` (its id is
  // the entry's, `je_…`). Other jobs' bodies are never read as JSON (CASE: they may hold anything).
  const eraseJobs = db.prepare(
    `DELETE FROM alert_outbox WHERE project_id = ? AND CASE WHEN url LIKE 'mailto:%' THEN json_extract(body, '$.userKey')
       WHEN id LIKE 'je\\_%' ESCAPE '\\' THEN json_extract(body, '$.user_key') END IN (SELECT value FROM json_each(?))`,
  );
  const makeSecret = db.prepare("INSERT OR IGNORE INTO installation_secrets (name, secret) VALUES ('unsubscribe', ?)");
  const readSecret = db.prepare("SELECT secret FROM installation_secrets WHERE name = 'unsubscribe'").pluck();
  // It never changes once stored: read once per store.
  let secret: string | undefined;
  return {
    async unsubscribe(projectId, userKey, at) {
      insert.run(projectId, userKey, at);
    },
    async unsubscribedAt(projectId, userKey) {
      return select.get(projectId, userKey) as number | undefined;
    },
    async suppressAddress(scope, addressKey, at) {
      suppress.run(scope, addressKey, at);
    },
    async addressSuppressedAt(scope, addressKey) {
      return suppressed.get(scope, addressKey) as number | undefined;
    },
    async eraseUnsubscribe(projectId, userKey) {
      return erase.run(projectId, userKey).changes;
    },
    async eraseJourneyJobs(projectId, userKeys) {
      return eraseJobs.run(projectId, JSON.stringify(userKeys)).changes;
    },
    async unsubscribeSecret() {
      if (secret) return secret;
      // Two processes on one file may both make one: the first kept wins, and both read it.
      makeSecret.run(randomBytes(32).toString('base64url'));
      secret = readSecret.get() as string;
      return secret;
    },
  };
}
