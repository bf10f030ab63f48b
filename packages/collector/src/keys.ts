import { randomBytes } from 'node:crypto';
import type { KeyKind, Project } from './store/store.js';

/** A new write key: public, goes into the page. */
export function newWriteKey(): string {
  return `wk_${randomBytes(18).toString('base64url')}`;
}

/** A new secret key: private, for servers and the dashboard. */
export function newSecretKey(): string {
  return `sk_${randomBytes(24).toString('base64url')}`;
}

/** The secret keys that prove who calls at `now`: the current one, and the previous one while its grace period lasts. */
export function validSecretKeys(project: Pick<Project, 'secretKey' | 'previousKeys'>, now: number): string[] {
  return [project.secretKey, ...project.previousKeys.filter((k) => k.kind === 'secret' && k.validUntil > now).map((k) => k.key)];
}

/** How the dashboard shows a key: its prefix and last four characters (never the whole secret). */
export function keyPreview(key: string): string {
  return `${key.slice(0, 3)}…${key.slice(-4)}`;
}

/**
 * A project's keys as owners see them (`GET /v1/project`): each current key and each previous
 * key still in its grace period, previewed, the previous ones with the time they stop working.
 */
export function keyPreviews(project: Project, now: number): Array<{ kind: KeyKind; preview: string; validUntil?: string }> {
  return [
    { kind: 'write' as const, preview: keyPreview(project.writeKey) },
    { kind: 'secret' as const, preview: keyPreview(project.secretKey) },
    ...project.previousKeys
      .filter((k) => k.validUntil > now)
      .map((k) => ({ kind: k.kind, preview: keyPreview(k.key), validUntil: new Date(k.validUntil).toISOString() })),
  ];
}
