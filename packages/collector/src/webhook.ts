import { isPrivateAddress, webhookUrlProblem } from '@touchpoint/content';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';

export interface WebhookPostOptions {
  /** Let the webhook reach loopback, private and link-local addresses. @default false */
  allowPrivate?: boolean;
  /** The whole exchange, connection to response, must finish within this. @default 10000 */
  timeoutMs?: number;
  /** Name resolution (tests give their own). @default node:dns lookup */
  lookup?: typeof dnsLookup;
}

/**
 * Posts one webhook, as a client that cannot be turned against the network it runs in:
 * - the URL must be http(s) and, unless private targets are allowed, name no private
 *   address (see `webhookUrlProblem`);
 * - a host name is resolved here, every address it resolves to is checked, and the
 *   connection goes to the address that was checked, so a name that resolves to a public
 *   address for the validator and to 169.254.169.254 for the request (DNS rebinding)
 *   gets nowhere;
 * - redirects are not followed (a 3xx is a failure): a receiver cannot send the signed
 *   body on to another address.
 * Resolves with the status of a 2xx answer; rejects with the reason otherwise.
 */
export function postWebhook(url: string, headers: Record<string, string>, body: string, options: WebhookPostOptions = {}): Promise<number> {
  const allowPrivate = options.allowPrivate ?? false;
  const problem = webhookUrlProblem(url, allowPrivate);
  if (problem) return Promise.reject(new Error(`the webhook URL ${problem}`));
  const resolve = options.lookup ?? dnsLookup;
  const guarded: LookupFunction = (hostname, lookupOptions, callback) => {
    resolve(hostname, { ...lookupOptions, all: true }, (error, found) => {
      const addresses = found as unknown as LookupAddress[];
      if (error) return callback(error, '', 4);
      const refused = allowPrivate ? undefined : addresses.find((a) => isPrivateAddress(a.address));
      if (refused || !addresses.length) {
        const reason = refused
          ? `${hostname} resolves to ${refused.address}, a loopback, private or link-local address (allow with --allow-private-webhooks)`
          : `${hostname} has no address`;
        return callback(Object.assign(new Error(reason), { code: 'ETOUCHPOINTREFUSED' }), '', 4);
      }
      if (lookupOptions.all) (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      else callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };

  return new Promise((settle, fail) => {
    const target = new URL(url);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    // agent: false, a connection of its own: a pooled one would skip the address check.
    const request = send(
      target,
      { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, lookup: guarded, agent: false },
      (response) => {
        const status = response.statusCode ?? 0;
        // The answer's body is not read: only its status counts.
        response.resume();
        response.on('end', () => clearTimeout(timer));
        if (status >= 200 && status < 300) settle(status);
        else if (status >= 300 && status < 400)
          fail(
            new Error(
              `HTTP ${status} redirect to ${String(response.headers.location ?? '(none)').slice(0, 200)} not followed: webhooks go to their configured URL only`,
            ),
          );
        else fail(new Error(`HTTP ${status}`));
      },
    );
    const timer = setTimeout(() => request.destroy(new Error(`no answer within ${options.timeoutMs ?? 10_000} ms`)), options.timeoutMs ?? 10_000);
    request.on('error', (e) => {
      clearTimeout(timer);
      fail(e);
    });
    request.end(body);
  });
}
