import type { Project, ProjectStore } from '../store.js';
import { PROJECTS_CHANNEL } from './channels.js';
import { listenTo, type ChannelListener } from './listener.js';

type Lookups = Pick<ProjectStore, 'projectByWriteKey' | 'projectBySecretKey'>;

// How long after a failed first connection the next lookup tries to listen again.
const RETRY_MS = 5000;

export interface ProjectCacheOptions {
  /** Where to LISTEN for project changes (a connection of its own, opened at the first lookup). */
  url: string;
  /** How long an entry is used without hearing of a change: a backstop only (ms). @default 60000 */
  ttlMs?: number;
  /** Keys kept at most (the oldest go first). @default 10000 */
  maxEntries?: number;
  /** Clock of the backstop (tests). */
  clock?: () => number;
}

/** The cached lookups, and what the store calls around its own changes. */
export interface ProjectCache extends Lookups {
  /** Forgets every entry: called by this instance once its change of a project committed (others hear the NOTIFY). */
  invalidate(): void;
  close(): Promise<void>;
}

interface Entry {
  project: Project;
  /** When the key stops opening the project: a previous key's grace end, Infinity for a current key. */
  until: number;
  /** When the entry is dropped without having heard of a change (the backstop). */
  staleAt: number;
}

/**
 * Projects by write key and by secret key, kept per instance: every ingest request looks its
 * key up (the rate limit's bucket, then the authentication), and keys change only when a
 * project is created or rotates them. Correct across instances: such a change NOTIFYs on
 * PROJECTS_CHANNEL in its transaction, and every instance forgets its entries when it hears
 * it; entries are used only while the listening connection is up (a lost connection may have
 * missed changes: lookups go to the database until it listens again). A previous key's entry
 * carries its grace end: it opens the project until then and not a millisecond longer,
 * whatever the cache heard. Unknown keys are not kept: a key created anywhere works at once.
 */
export function cachedProjectLookups(db: Lookups, options: ProjectCacheOptions): ProjectCache {
  const ttlMs = options.ttlMs ?? 60_000;
  const maxEntries = options.maxEntries ?? 10_000;
  const clock = options.clock ?? Date.now;
  const byKind = { write: new Map<string, Entry>(), secret: new Map<string, Entry>() };
  // Bumped by every change heard: a lookup that was under way meanwhile may hold the old answer, and is not kept.
  let generation = 0;
  let listener: ChannelListener | undefined;
  let closed = false;
  const invalidate = () => {
    generation++;
    byKind.write.clear();
    byKind.secret.clear();
  };

  let lastTry = Number.NEGATIVE_INFINITY;
  const listen = () => {
    if (listener || closed || clock() - lastTry < RETRY_MS) return;
    lastTry = clock();
    listener = listenTo(options.url, PROJECTS_CHANNEL);
    listener.subscribe(invalidate);
    // A failed first connection: lookups keep going to the database, and one a few seconds later tries again.
    listener.ready.catch(() => (listener = undefined));
  };

  const lookup = (kind: 'write' | 'secret', load: (key: string, now: number) => Promise<Project | undefined>) => {
    const entries = byKind[kind];
    return async (key: string, now: number): Promise<Project | undefined> => {
      listen();
      const listening = listener?.listening === true;
      const entry = entries.get(key);
      if (entry && listening && now < entry.until && clock() < entry.staleAt) return entry.project;
      if (entry) entries.delete(key);
      const seen = generation;
      const project = await load(key, now);
      if (!project || !listening || seen !== generation || !listener?.listening) return project;
      const previous = project.previousKeys.find((k) => k.kind === kind && k.key === key);
      const current = (kind === 'write' ? project.writeKey : project.secretKey) === key;
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
      entries.set(key, { project, until: current ? Infinity : (previous?.validUntil ?? now), staleAt: clock() + ttlMs });
      return project;
    };
  };

  return {
    projectByWriteKey: lookup('write', (key, now) => db.projectByWriteKey(key, now)),
    projectBySecretKey: lookup('secret', (key, now) => db.projectBySecretKey(key, now)),
    invalidate,
    async close() {
      closed = true;
      invalidate();
      await listener?.close();
    },
  };
}
