import { dropTotal, MAX_REQUEST_BYTES, type Drops } from '@touchpoint/content';
import { backoffDelay } from './backoff.js';
import type { Outbox, QueuedMessage } from './outbox.js';
import type { Platform } from './platform.js';
import type { Send, SendLater, SendResult } from './transport.js';

/** Most messages in one request. @default 20 */
export const DEFAULT_FLUSH_AT = 20;
/** Longest a message waits before its batch is sent. @default 2000 ms */
export const DEFAULT_FLUSH_INTERVAL = 2000;
/** A normal request stays well under the collector's limit. */
const REQUEST_BUDGET = MAX_REQUEST_BYTES - 20 * 1024;
/** Browsers cap the bodies of all in-flight keepalive requests at 64 KiB. */
const KEEPALIVE_BUDGET = 60 * 1024;

export interface DeliveryOptions {
  outbox: Outbox;
  send: Send;
  /** Where the browser offers it: the queue also waits in a request it sends if the page dies. */
  sendLater?: SendLater;
  writeKey: string;
  platform: Pick<Platform, 'now' | 'random' | 'setTimeout' | 'clearTimeout' | 'online'>;
  /** False while consent is pending: nothing may leave the browser. */
  allowed(): boolean;
  warn(msg: string): void;
  /** @default 20 */
  flushAt?: number;
  /** @default 2000 */
  flushInterval?: number;
}

export interface Delivery {
  /** A message was queued: send when the batch is full or its time is up. */
  notify(): void;
  /** Sends everything queued now (unless the collector asked us to wait). Never rejects. */
  flush(): Promise<void>;
  /** The page is going away: hand everything to the browser in keepalive requests. */
  flushOnExit(): void;
  /** The network is back: forget the backoff and send. */
  wake(): void;
  stop(): void;
}

/**
 * Batching and retrying. Messages leave the outbox only when the collector has answered
 * for them (2xx, or a 4xx that no retry would change), so a crash, reload or cut network
 * at any moment loses nothing; resending is safe because the collector stores each
 * messageId once. One request at a time; after a failure, a jittered exponential
 * backoff or the server's Retry-After, whichever is longer.
 *
 * The page going away hands the queue to keepalive requests; but a browser closing a tab
 * whose main thread is busy gives up on its exit handlers within a second. So, where the
 * browser offers `fetchLater`, the oldest messages also wait in a request the browser itself
 * sends when the page is gone: re-armed at the end of a task that queued or settled messages,
 * disarmed while consent is missing, and once the exit handler has sent the queue itself.
 */
export function createDelivery(o: DeliveryOptions): Delivery {
  const { outbox, platform } = o;
  const flushAt = o.flushAt ?? DEFAULT_FLUSH_AT;
  const interval = o.flushInterval ?? DEFAULT_FLUSH_INTERVAL;
  const encoder = new TextEncoder();
  let timer: unknown;
  let timerDue = Infinity;
  let inflight: Promise<void> | undefined;
  let later: AbortController | undefined;
  let arming = false;
  /** The queue the last exit handed to keepalive requests. */
  let handed: readonly QueuedMessage[] | undefined;
  let attempt = 0;
  // No request before this time (backoff or Retry-After).
  let retryAt = 0;

  function schedule(delay: number) {
    const due = platform.now() + Math.max(delay, retryAt - platform.now());
    if (timer !== undefined && timerDue <= due) return;
    if (timer !== undefined) platform.clearTimeout(timer);
    timerDue = due;
    timer = platform.setTimeout(() => {
      timer = undefined;
      timerDue = Infinity;
      void flush();
    }, due - platform.now());
  }

  /**
   * The request's `sentAt` (once, not on each message) lets the collector correct the device's
   * clock; without it (a request the browser sends at some later time) it keeps the device's times.
   */
  function body(batch: readonly QueuedMessage[], drops: Drops, sentAt?: number): string {
    const dropped = dropTotal(drops);
    return JSON.stringify({
      batch,
      sentAt: sentAt && new Date(sentAt).toISOString(),
      writeKey: o.writeKey,
      ...(dropped > 0 && { dropped, droppedBy: drops }),
    });
  }

  const disarm = () => later?.abort();

  /** At the end of the task: the requests the browser sends if the page dies carry the queue as it is now. */
  function arm() {
    if (!o.sendLater || arming) return;
    arming = true;
    queueMicrotask(() => {
      arming = false;
      disarm();
      if (!o.allowed()) return;
      // The oldest messages, as many as one exit request holds (the rest wait in storage for
      // the next page); no drop counts: a request that may go with the exit's would count them twice.
      const chunk = nextChunk(outbox.$queue.get(), KEEPALIVE_BUDGET);
      try {
        if (chunk.length) o.sendLater!(body(chunk, {}), (later = new AbortController()).signal);
      } catch {
        // Refused (over the browser's quota, an insecure collector URL): storage still has them.
      }
    });
  }

  /** The oldest messages that fit in one request. */
  function nextChunk(queue: readonly QueuedMessage[], budget: number): QueuedMessage[] {
    const chunk: QueuedMessage[] = [];
    let bytes = 200;
    for (const m of queue) {
      bytes += encoder.encode(JSON.stringify(m)).length + 40;
      if (chunk.length === flushAt || (chunk.length > 0 && bytes > budget)) break;
      chunk.push(m);
    }
    return chunk;
  }

  /** The batch is done with: taken, or refused for good (those messages are lost, and counted). */
  function settle(batch: readonly QueuedMessage[], reportedDrops: Drops, result: SendResult) {
    outbox.remove(new Set(batch.map((m) => m.messageId)));
    arm();
    outbox.reported(reportedDrops);
    if (!result.ok) outbox.drop('refused', batch.length - (result.accepted ?? 0));
  }

  async function drain(): Promise<void> {
    while (o.allowed() && platform.online()) {
      const wait = retryAt - platform.now();
      if (wait > 0) return schedule(wait);
      const batch = nextChunk(outbox.$queue.get(), REQUEST_BUDGET);
      if (!batch.length) return;
      const drops = outbox.dropped();
      const result = await o.send(body(batch, drops, platform.now()), false);
      if (result.ok || !result.retry) {
        if (!result.ok) o.warn(`the collector refused a batch (HTTP ${result.status}); not retrying it`);
        settle(batch, drops, result);
        attempt = 0;
        continue;
      }
      attempt++;
      retryAt = platform.now() + Math.max(result.wait ?? 0, backoffDelay(attempt, platform.random()));
    }
  }

  function flush(): Promise<void> {
    if (inflight) return inflight.then(flush);
    inflight = drain()
      .catch((e: unknown) => o.warn(`delivery failed: ${String(e)}`))
      .finally(() => {
        inflight = undefined;
      });
    return inflight;
  }

  return {
    notify() {
      arm();
      schedule(outbox.$queue.get().length >= flushAt ? 0 : interval);
    },
    flush,
    flushOnExit() {
      outbox.save();
      let queue = outbox.$queue.get();
      // A closing tab fires both pagehide and hidden: the same queue goes once.
      if (!o.allowed() || !platform.online() || queue === handed) return;
      handed = queue;
      // Only the first request reports the drop count, so it is counted once.
      let drops = outbox.dropped();
      while (queue.length) {
        const chunk = nextChunk(queue, KEEPALIVE_BUDGET);
        queue = queue.slice(chunk.length);
        const reported = drops;
        drops = {};
        void o.send(body(chunk, reported, platform.now()), true).then((r) => {
          if (r.ok || !r.retry) settle(chunk, reported, r);
          else {
            // Not delivered (the page lives on, hidden): the next exit sends it again, and
            // meanwhile the browser holds a copy to send if the page dies.
            handed = undefined;
            arm();
          }
        });
      }
      // The page ran its exit handler after all: the keepalive requests replace the armed ones
      // (only once they are on their way, so a page ended in between still has one or the other).
      disarm();
    },
    wake() {
      attempt = 0;
      retryAt = 0;
      void flush();
    },
    stop() {
      // No more arming: a microtask already queued, or a batch settling later, would arm a copy
      // that nothing disarms (and that holds the browser's quota from the next instance).
      o.sendLater = undefined;
      disarm();
      if (timer !== undefined) platform.clearTimeout(timer);
      timer = undefined;
      timerDue = Infinity;
    },
  };
}
