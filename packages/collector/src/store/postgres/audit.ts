import type { AuditStore } from '../store.js';
import { auditPage, type AuditRecord } from '../audit-page.js';
import type { Queryable } from './pool.js';

/** The audit log in PostgreSQL. */
export function postgresAudit(db: Queryable): AuditStore {
  return {
    async appendAudit(projectId, e) {
      await db.query('INSERT INTO audit_log (project_id, at, actor, action, target, details) VALUES ($1, $2, $3, $4, $5, $6)', [
        projectId,
        e.at,
        e.actor,
        e.action,
        e.target,
        JSON.stringify(e.details),
      ]);
    },
    async queryAudit(projectId, q) {
      const values: unknown[] = [projectId];
      const param = (v: unknown) => `$${values.push(v)}`;
      const where = ['project_id = $1'];
      if (q.action !== undefined) where.push(`action = ${param(q.action)}`);
      if (q.actor !== undefined) where.push(`actor = ${param(q.actor)}`);
      if (q.from !== undefined) where.push(`at >= ${param(q.from)}`);
      if (q.to !== undefined) where.push(`at < ${param(q.to)}`);
      if (q.after) {
        const at = param(q.after[0]);
        where.push(`(at < ${at} OR (at = ${at} AND id < ${param(q.after[1])}))`);
      }
      const { rows } = await db.query<AuditRecord>(
        `SELECT id, at, actor, action, target, details FROM audit_log WHERE ${where.join(' AND ')} ORDER BY at DESC, id DESC LIMIT ${param(q.limit + 1)}`,
        values,
      );
      return auditPage(rows, q.limit);
    },
  };
}
