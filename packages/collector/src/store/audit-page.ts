import type { AuditEntry, AuditPosition } from './store.js';

/** A row of `audit_log`, as SQLite and PostgreSQL both store it. */
export interface AuditRecord {
  id: number;
  at: number;
  actor: string;
  action: string;
  target: string;
  details: string;
}

/** A page from rows read one past `limit`, newest first: the first `limit`, and `next` when the extra row says more follow. */
export function auditPage(rows: readonly AuditRecord[], limit: number): { entries: AuditEntry[]; next?: AuditPosition } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    entries: page.map((r) => ({ at: r.at, actor: r.actor, action: r.action, target: r.target, details: JSON.parse(r.details) as Record<string, unknown> })),
    ...(rows.length > limit && last && { next: [last.at, last.id] as const }),
  };
}
