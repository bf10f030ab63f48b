import { createHash } from 'node:crypto';

/** A strong ETag for these bytes: the first 160 bits of their SHA-256, quoted. */
export function etagOf(data: string | Buffer): string {
  return `"${createHash('sha256').update(data).digest('base64url').slice(0, 27)}"`;
}
