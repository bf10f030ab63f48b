import type { FastifyRequest } from 'fastify';

/** What the audit log records (issue 17). */
export type AuditAction =
  | 'content.publish'
  | 'content.rollback'
  | 'content.promote'
  | 'draft.save'
  | 'preview.token'
  | 'builder.session'
  | 'keys.rotate'
  | 'user.invite'
  | 'user.role'
  | 'user.remove'
  | 'user.password'
  | 'user.sessions-revoked'
  | 'user-data.delete';

/**
 * Records that `request.actor` did `action` to `target` in `request.project`, with what changed.
 * A no-op on the users branch: the keys branch's audit.ts (the audit log) replaces this file.
 */
export async function audit(_request: FastifyRequest, _action: AuditAction, _target: string, _details: Record<string, unknown>): Promise<void> {}
