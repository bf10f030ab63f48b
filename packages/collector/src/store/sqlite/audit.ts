import type Database from 'better-sqlite3';
import { auditPage, type AuditRecord } from '../audit-page.js';
import type { AuditStore } from '../store.js';

/** The audit log in SQLite. */
export function sqliteAudit(db: Database.Database): AuditStore {
  const insert = db.prepare('INSERT INTO audit_log (project_id, at, actor, action, target, details) VALUES (?, ?, ?, ?, ?, ?)');
  return {
    async appendAudit(projectId, e) {
      insert.run(projectId, e.at, e.actor, e.action, e.target, JSON.stringify(e.details));
    },
    async queryAudit(projectId, q) {
      const where = ['project_id = ?'];
      const values: unknown[] = [projectId];
      const add = (condition: string, ...vs: unknown[]) => {
        where.push(condition);
        values.push(...vs);
      };
      if (q.action !== undefined) add('action = ?', q.action);
      if (q.actor !== undefined) add('actor = ?', q.actor);
      if (q.from !== undefined) add('at >= ?', q.from);
      if (q.to !== undefined) add('at < ?', q.to);
      if (q.after) add('(at < ? OR (at = ? AND id < ?))', q.after[0], q.after[0], q.after[1]);
      const rows = db
        .prepare(`SELECT id, at, actor, action, target, details FROM audit_log WHERE ${where.join(' AND ')} ORDER BY at DESC, id DESC LIMIT ?`)
        .all(...values, q.limit + 1) as AuditRecord[];
      return auditPage(rows, q.limit);
    },
  };
}
