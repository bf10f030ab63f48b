import { diffContent, type ContentChange } from '@touchpoint/content';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuditStore } from './store/store.js';

/** What the audit log records (CONTRACT §8). */
export const AUDIT_ACTIONS = [
  'content.publish',
  'content.rollback',
  'content.promote',
  'draft.save',
  'preview.token',
  'builder.session',
  'keys.rotate',
  'user.invite',
  'user.role',
  'user.remove',
  'user.password',
  'user.sessions-revoked',
  'user-data.delete',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

declare module 'fastify' {
  interface FastifyInstance {
    /** Where {@link audit} writes, and its clock: set once by {@link registerAuditLog}. */
    auditLog: { store: AuditStore; now: () => number };
  }
}

/** Makes {@link audit} write to `store` for every route of `app`, with `now` as its clock. */
export function registerAuditLog(app: FastifyInstance, store: AuditStore, now: () => number) {
  app.decorate('auditLog', { store, now });
}

/**
 * Records in the request's project's audit log that its caller (`request.actor`) did
 * `action` to `target`, with `details` saying what changed (versions, roles from and to,
 * the items a content change touched, key kinds: never a key or a password). Called by a
 * route after the action succeeded; a failure to record fails the request (a storage error:
 * 503), so nothing is done quietly off the record but that one action.
 */
export async function audit(request: FastifyRequest, action: AuditAction, target: string, details: Record<string, unknown> = {}): Promise<void> {
  const { store, now } = request.server.auditLog;
  await store.appendAudit(request.project.id, { at: now(), actor: request.actor, action, target, details });
}

/** The most content changes an entry lists; `changeCount` says how many there were. */
export const MAX_AUDIT_CHANGES = 100;

/**
 * What changed between two content documents (as JSON text; undefined: none) in the shape of
 * CONTRACT §7's diff, for an entry's details: `changes` (at most {@link MAX_AUDIT_CHANGES})
 * and `changeCount`.
 */
export function contentChanges(from: string | undefined, to: string | undefined): { changes: ContentChange[]; changeCount: number } {
  const parse = (json: string | undefined) => (json === undefined ? { version: 1 } : (JSON.parse(json) as unknown));
  const changes = diffContent(parse(from), parse(to));
  return { changes: changes.slice(0, MAX_AUDIT_CHANGES), changeCount: changes.length };
}
