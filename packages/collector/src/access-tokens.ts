import { createHash, randomBytes } from 'node:crypto';
import type { AccessTokenKind, AccessTokenStore, Project } from './store/store.js';

/**
 * The short-lived tokens of the team's tools (CONTRACT §7), each bound to one project:
 * - a preview token (`tpp_…`, 24 hours) lets a browser tab read the project's draft with the
 *   write key (`GET /v1/content?key=WRITE_KEY&preview=TOKEN`), nothing else;
 * - a builder session token (`tpb_…`, 12 hours: a working day, so a link left in a chat goes
 *   stale by the next one) lets the builder in the app read and save the draft, issue preview
 *   tokens and read the published content and versions (see `auth-plugin.ts`), nothing else.
 * Only their SHA-256 is stored; the prefix tells the kinds apart in a header at a glance.
 */
export const TOKEN_KINDS = {
  preview: { prefix: 'tpp_', ttlMs: 24 * 3600_000 },
  builder: { prefix: 'tpb_', ttlMs: 12 * 3600_000 },
} as const satisfies Record<AccessTokenKind, { prefix: string; ttlMs: number }>;

/** The stored form of a token. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/**
 * Issues a token of this kind for the project, on behalf of `actor` (who is answerable for
 * what the token does: a draft saved through the builder is theirs); the token itself is
 * returned once and never stored.
 */
export async function issueAccessToken(store: AccessTokenStore, project: Project, kind: AccessTokenKind, actor: string, now: number) {
  const token = TOKEN_KINDS[kind].prefix + randomBytes(24).toString('base64url');
  const expiresAt = now + TOKEN_KINDS[kind].ttlMs;
  await store.saveAccessToken({ hash: tokenHash(token), projectId: project.id, kind, actor, createdAt: now, expiresAt });
  return { token, expiresAt: new Date(expiresAt).toISOString() };
}

/** The project a token of this kind belongs to while it is valid, and who issued it; undefined for an expired, unknown or malformed one. */
export async function accessTokenHolder(store: AccessTokenStore, token: string, kind: AccessTokenKind, now: number) {
  if (!token.startsWith(TOKEN_KINDS[kind].prefix) || token.length > 200) return undefined;
  return store.accessTokenHolder(tokenHash(token), kind, now);
}
