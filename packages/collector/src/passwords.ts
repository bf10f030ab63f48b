import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/** Passwords' lengths (characters): long enough to resist guessing at the login throttle's pace, short enough to hash cheaply. */
export const PASSWORD_LENGTH = { min: 10, max: 200 } as const;

/**
 * scrypt's cost: N = 2^15, r = 8, p = 1 (32 MiB and about 50–100 ms a hash on one core), the
 * parameters libsodium calls "interactive" doubled. They are kept in each stored hash, so
 * raising them later leaves older hashes verifiable.
 */
const COST = { N: 2 ** 15, r: 8, p: 1 };
const KEY_BYTES = 32;

function derive(password: string, salt: Buffer, cost: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    // maxmem: scrypt needs 128·N·r bytes; Node's default (32 MiB) is exactly N = 2^15's, with no margin.
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, { ...cost, maxmem: 256 * cost.N * cost.r }, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/** The stored form of a password: `scrypt$N$r$p$salt$hash` (base64url), never the password. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, COST);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

// Verified against when the email is unknown, so that an unknown email takes as long as a wrong password.
let dummy: Promise<string> | undefined;

/** Whether `password` is the one `stored` was made from (undefined: no such user; the same work is done, and the answer is false). */
export async function verifyPassword(password: string, stored: string | undefined): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = (stored ?? (await (dummy ??= hashPassword(randomBytes(12).toString('hex'))))).split('$');
  if (kind !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
  return stored !== undefined && key.length === expected.length && timingSafeEqual(key, expected);
}

/** A one-time password for `touchpoint user create`: 20 characters of base64url (120 bits). */
export function oneTimePassword(): string {
  return randomBytes(15).toString('base64url');
}
