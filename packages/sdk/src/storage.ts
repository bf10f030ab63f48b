/**
 * A small JSON key-value store over localStorage that never throws. Storage may be
 * missing, full, or throw on every call (Safari private mode, sandboxed iframes, a
 * blocked origin); then values live in memory for the rest of the page's life.
 */
export interface KeyValueStore {
  get<T>(key: string): T | undefined;
  /** Returns false when the value could only be kept in memory. */
  set(key: string, value: unknown): boolean;
  remove(key: string): void;
  /** Keys starting with `prefix`, from storage and memory. */
  keys(prefix: string): string[];
  /**
   * While off, writes stay in memory only (nothing is stored before consent); turning it
   * on writes everything held in memory through to storage.
   */
  setDurable(durable: boolean): void;
}

export function createStore(backing: Storage | undefined, durable: boolean, warn: (msg: string) => void): KeyValueStore {
  // Every value is also kept here: the fallback when storage fails mid-session.
  const memory = new Map<string, string>();
  // Keys whose last write did not reach storage: storage holds an older value for them.
  const memoryOnly = new Set<string>();

  const read = (key: string): string | null | undefined => {
    if (durable && backing && !memoryOnly.has(key)) {
      try {
        const raw = backing.getItem(key);
        if (raw !== null) return raw;
      } catch {
        // Fall through to memory.
      }
    }
    return memory.get(key);
  };

  const write = (key: string, raw: string): boolean => {
    memory.set(key, raw);
    if (!durable || !backing) return false;
    try {
      backing.setItem(key, raw);
      memoryOnly.delete(key);
      return true;
    } catch {
      memoryOnly.add(key);
      warn(`storage refused "${key}"; keeping it in memory for this page`);
      return false;
    }
  };

  return {
    get<T>(key: string) {
      const raw = read(key);
      if (raw == null) return undefined;
      try {
        return JSON.parse(raw) as T;
      } catch {
        return undefined;
      }
    },
    set: (key, value) => write(key, JSON.stringify(value)),
    remove(key) {
      memory.delete(key);
      memoryOnly.delete(key);
      try {
        backing?.removeItem(key);
      } catch {
        // Nothing more to do: memory is already clear.
      }
    },
    keys(prefix) {
      const found = new Set<string>();
      for (const key of memory.keys()) if (key.startsWith(prefix)) found.add(key);
      if (durable && backing) {
        try {
          for (let i = 0; i < backing.length; i++) {
            const key = backing.key(i);
            if (key?.startsWith(prefix)) found.add(key);
          }
        } catch {
          // Memory keys are all we can know.
        }
      }
      return [...found];
    },
    setDurable(next) {
      const was = durable;
      durable = next;
      if (next && !was) for (const [key, raw] of memory) write(key, raw);
    },
  };
}
