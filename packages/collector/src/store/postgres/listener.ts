import pg from 'pg';

/** The listening connection's application_name (as pg_stat_activity shows it). */
export const LISTENER_NAME = 'touchpoint-listener';

export interface ChannelListener {
  /** Calls `handler` with each notification's payload, or undefined after the connection was lost and made again (notifications may have been missed). */
  subscribe(handler: (payload: string | undefined) => void): () => void;
  /** Resolves once the first LISTEN is in place (notifications sent from then on are heard); rejects when that first connection fails. */
  readonly ready: Promise<void>;
  /** Whether a connection listens now (false before the first LISTEN, and from a lost connection until it listens again). */
  readonly listening: boolean;
  close(): Promise<void>;
}

/**
 * LISTENs on `channel` over a connection of its own (a pooled one would be handed to other
 * queries). When the connection is lost (the server restarted, the network cut it, or a
 * heartbeat went unanswered), it connects again with backoff, listens again, and tells
 * subscribers that anything may have changed meanwhile.
 */
export function listenTo(url: string, channel: string, options: { heartbeatMs?: number; log?: (message: string) => void } = {}): ChannelListener {
  const handlers = new Set<(payload: string | undefined) => void>();
  const heartbeatMs = options.heartbeatMs ?? 10_000;
  let client: pg.Client | undefined;
  let listening = false;
  let closed = false;
  let retryMs = 100;
  let timer: NodeJS.Timeout | undefined;
  let markReady: () => void = () => {};
  let failStart: (e: unknown) => void = () => {};
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    failStart = reject;
  });
  const emit = (payload: string | undefined) => handlers.forEach((h) => h(payload));

  const lost = (c: pg.Client, reason: unknown) => {
    if (client !== c) return;
    client = undefined;
    listening = false;
    clearInterval(timer);
    void c.end().catch(() => {});
    if (closed) return;
    options.log?.(`content notifications: connection lost (${reason instanceof Error ? reason.message : String(reason)}); reconnecting`);
    setTimeout(() => void connect(true), retryMs).unref();
    retryMs = Math.min(retryMs * 2, 5000);
  };

  async function connect(again: boolean) {
    if (closed) return;
    const c = new pg.Client({ connectionString: url, keepAlive: true, application_name: LISTENER_NAME });
    client = c;
    c.on('error', (e) => lost(c, e));
    c.on('end', () => lost(c, 'ended'));
    c.on('notification', (n) => {
      if (n.channel === channel) emit(n.payload);
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${pg.Client.prototype.escapeIdentifier(channel)}`);
    } catch (e) {
      // The first connection fails: say so to whoever is starting (no endless retries behind a start that never ends).
      if (!again) {
        closed = true;
        client = undefined;
        void c.end().catch(() => {});
        failStart(e);
        return;
      }
      lost(c, e);
      return;
    }
    if (closed) return void c.end().catch(() => {});
    retryMs = 100;
    listening = true;
    // A connection cut without a word (no FIN, no RST) is noticed by a query that never returns.
    timer = setInterval(() => {
      const answered = c.query('SELECT 1');
      const deadline = setTimeout(() => lost(c, 'heartbeat unanswered'), heartbeatMs);
      answered.then(
        () => clearTimeout(deadline),
        (e: unknown) => (clearTimeout(deadline), lost(c, e)),
      );
    }, heartbeatMs);
    timer.unref();
    markReady();
    // Whatever was published while no connection listened has not been heard: everything is stale.
    if (again) emit(undefined);
  }

  void connect(false);
  return {
    subscribe(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    ready,
    get listening() {
      return listening;
    },
    async close() {
      closed = true;
      listening = false;
      clearInterval(timer);
      const c = client;
      client = undefined;
      await c?.end().catch(() => {});
    },
  };
}
