import { parseRetryAfter } from './backoff.js';
import type { Platform } from './platform.js';

export interface SendResult {
  /** The collector took the request (2xx). */
  ok: boolean;
  /** Worth sending again: a network error, 5xx or 429. Other 4xx never are. */
  retry: boolean;
  /** The server's `Retry-After`, in milliseconds. */
  wait?: number;
  status?: number;
  /** On a 400: how many messages of the batch the collector stored (the others it refused). */
  accepted?: number;
}

export type Send = (body: string, keepalive: boolean) => Promise<SendResult>;

/** Arms a request the browser sends once the page is gone (see Platform.fetchLater); throws over its quota. */
export type SendLater = (body: string, signal: AbortSignal) => void;

/**
 * Posts a JSON body as `text/plain` (a CORS "simple request": no preflight round trip)
 * without cookies. The write key travels in the body. Never rejects.
 */
export function createSender(platform: Pick<Platform, 'fetch' | 'now'>, url: string): Send {
  return async (body, keepalive) => {
    let res: Response;
    try {
      // A string body is sent as text/plain;charset=UTF-8 by default.
      res = await platform.fetch(url, { method: 'POST', body, keepalive, credentials: 'omit' });
    } catch {
      // Offline, DNS, CORS refusal, a keepalive over its quota: all worth another try.
      return { ok: false, retry: true };
    }
    const status = res.status;
    if (res.ok) return { ok: true, retry: false, status };
    const retry = status === 429 || status >= 500;
    const accepted = status === 400 ? ((await res.json().catch(() => 0)) as { accepted?: unknown }).accepted : undefined;
    return {
      ok: false,
      retry,
      status,
      // (Read only when retrying.)
      wait: parseRetryAfter(res.headers.get('Retry-After'), platform.now()),
      accepted: typeof accepted === 'number' ? accepted : undefined,
    };
  };
}

/** The same request, sent by the browser when the page is gone; undefined where the browser cannot. */
export function createLaterSender({ fetchLater }: Pick<Platform, 'fetchLater'>, url: string): SendLater | undefined {
  return fetchLater && ((body, signal) => fetchLater(url, { method: 'POST', body, signal, credentials: 'omit' }));
}
