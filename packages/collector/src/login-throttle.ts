import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Coordination } from './coordination.js';

/** Sign-in attempts a minute before 429. */
export interface LoginThrottleOptions {
  /** Per account (the email tried, whether or not a user has it). @default 10 */
  perAccount?: number;
  /** Per client IP, whatever the emails. @default 5 × perAccount */
  perAddress?: number;
}

/**
 * Limits password guessing (sign-in, accepting an invitation as an existing user, changing a
 * password): attempts per account and per client IP, counted through the coordination's shared
 * quotas, so the limits hold across every collector of an installation (CONTRACT §9). Attempts
 * count whether they succeed or not, before the password is hashed, so the limit also bounds
 * the hashing work a client can cause. Unknown emails count as known ones do: the answer never
 * tells whether an account exists.
 */
export function createLoginThrottle(coordination: Coordination, options: LoginThrottleOptions = {}) {
  const perAccount = options.perAccount ?? 10;
  const perAddress = options.perAddress ?? 5 * perAccount;
  const accounts = coordination.quota('login-account', { messagesPerMinute: perAccount, bytesPerMinute: Infinity });
  const addresses = coordination.quota('login-address', { messagesPerMinute: perAddress, bytesPerMinute: Infinity });
  return {
    /**
     * Counts an attempt on `email` from the request's IP. When either limit is reached it
     * answers 429 with `Retry-After` and a message saying when to try again, and returns false.
     */
    async allow(request: FastifyRequest, reply: FastifyReply, email: string, now: number): Promise<boolean> {
      // The address first: a client already refused for its address does not use up the account's attempts too.
      const wait = (await addresses.take(request.ip, 1, 0)) ?? (await accounts.take(email, 1, 0));
      if (wait === undefined) return true;
      const at = new Date(now + wait * 1000).toISOString().slice(11, 19);
      await reply
        .code(429)
        .header('Retry-After', String(wait))
        .send({ error: `too many sign-in attempts for this account or from this address: try again in ${wait} s (after ${at} UTC)` });
      return false;
    },
  };
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
