import type { DropReason, Drops, Message } from '@touchpoint/content';
import { atom, type ReadableAtom } from 'nanostores';
import type { KeyValueStore } from './storage.js';

/** A message waiting to be acknowledged by the collector. */
export type QueuedMessage = Message & { messageId: string; timestamp: string };

const PREFIX = 'tp.q.';
const DROPPED = 'tp.dropped';
/** Stored queue size above which the oldest messages go, in characters of JSON. */
const MAX_STORED_CHARS = 1_500_000;

export interface Outbox {
  /** Unacknowledged messages, oldest first. */
  $queue: ReadableAtom<readonly QueuedMessage[]>;
  push(message: QueuedMessage): void;
  remove(messageIds: ReadonlySet<string>): void;
  clear(): void;
  /** Writes the queue to storage now, instead of at the end of the current task. */
  save(): void;
  /** Counts messages lost for `reason`, to report to the collector with the next batch. */
  drop(reason: DropReason, count: number): void;
  /** Messages lost, by reason, not yet reported to the collector. */
  dropped(): Drops;
  /** The collector acknowledged a report of these drops. */
  reported(drops: Drops): void;
}

/**
 * The `$queue` store: every message stays here, mirrored to storage, until the collector
 * acknowledges it, so offline time, reloads and closed tabs lose nothing.
 *
 * Each tab mirrors its queue under its own key, so two tabs never overwrite each other's
 * messages. On start, a tab adopts the queues every other tab left behind (a reload, a
 * closed tab). If the owner is in fact still alive, both may send the same messages;
 * the collector stores a messageId once, so that costs bandwidth, never correctness.
 *
 * Bounded by `max` messages and {@link MAX_STORED_CHARS}: beyond that the oldest are dropped,
 * and counted so the collector learns how many.
 */
export function createOutbox(store: KeyValueStore, tabId: string, max: number, warn: (msg: string) => void): Outbox {
  const own = PREFIX + tabId;
  const $queue = atom<readonly QueuedMessage[]>(adopt());
  let saveScheduled = false;

  function adopt(): QueuedMessage[] {
    const found = new Map<string, QueuedMessage>();
    for (const key of store.keys(PREFIX)) {
      const saved = store.get<unknown>(key);
      if (Array.isArray(saved)) for (const m of saved) if (isQueued(m) && !found.has(m.messageId)) found.set(m.messageId, m);
      store.remove(key);
    }
    const all = [...found.values()].sort((a, b) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0));
    if (all.length > max) overflow(all.length - max);
    const kept = all.slice(-max);
    if (kept.length) store.set(own, kept);
    return kept;
  }

  function overflow(n: number) {
    drop('queue_full', n);
    warn(`offline queue full: dropped the ${n} oldest message(s)`);
  }

  function dropped(): Drops {
    const saved = store.get<Drops | number>(DROPPED);
    // A number: saved by a version that counted only overflows.
    return typeof saved === 'number' ? { queue_full: saved } : saved || {};
  }

  function drop(reason: DropReason, n: number) {
    const drops = dropped();
    drops[reason] = (drops[reason] || 0) + n;
    for (const r in drops) if (!(drops[r as DropReason]! > 0)) delete drops[r as DropReason];
    if (Object.keys(drops).length) store.set(DROPPED, drops);
    else store.remove(DROPPED);
  }

  function save() {
    saveScheduled = false;
    let queue = $queue.get();
    if (!queue.length) {
      store.remove(own);
      return;
    }
    let raw = JSON.stringify(queue);
    while (raw.length > MAX_STORED_CHARS && queue.length > 1) {
      const cut = Math.ceil(queue.length / 10);
      overflow(cut);
      queue = queue.slice(cut);
      raw = JSON.stringify(queue);
    }
    if (queue !== $queue.get()) $queue.set(queue);
    store.set(own, queue);
  }

  // Bursts of calls in one task (a loop of track calls) are written once.
  function scheduleSave() {
    if (saveScheduled) return;
    saveScheduled = true;
    queueMicrotask(() => saveScheduled && save());
  }

  return {
    $queue,
    push(message) {
      let queue = [...$queue.get(), message];
      if (queue.length > max) {
        overflow(queue.length - max);
        queue = queue.slice(-max);
      }
      $queue.set(queue);
      scheduleSave();
    },
    remove(messageIds) {
      $queue.set($queue.get().filter((m) => !messageIds.has(m.messageId)));
      scheduleSave();
    },
    clear() {
      $queue.set([]);
      store.remove(DROPPED);
      save();
    },
    save,
    drop,
    dropped,
    reported(drops) {
      for (const r in drops) drop(r as DropReason, -drops[r as DropReason]!);
    },
  };
}

function isQueued(value: unknown): value is QueuedMessage {
  const m = value as QueuedMessage | null;
  return !!m && typeof m === 'object' && typeof m.messageId === 'string' && typeof m.type === 'string' && typeof m.timestamp === 'string';
}
