import type { DayRange, ReportStore, RollupKind } from '../store.js';

type Keys = ReadonlyArray<{ kind: RollupKind; key: string }>;

interface Call {
  keys: Keys;
  resolve(users: number): void;
  reject(error: unknown): void;
}

/**
 * Counts for several key sets over one project, range and tier: one query, one count per set.
 */
export type DistinctAnyQuery = (projectId: number, range: DayRange, tier: string | undefined, sets: readonly Keys[]) => Promise<number[]>;

/**
 * `distinctUsersOfAny` with the calls made together (in one turn of the event loop) for the
 * same project, range and tier answered by one query: the adoption report asks once per
 * feature at the same time, and one scan of the rollup serves them all.
 */
export function coalescedDistinctUsersOfAny(query: DistinctAnyQuery): ReportStore['distinctUsersOfAny'] {
  const pending = new Map<string, Call[]>();
  return (projectId, keys, range, tier) => {
    if (!keys.length || range.from > range.to) return Promise.resolve(0);
    return new Promise((resolve, reject) => {
      const id = JSON.stringify([projectId, range.from, range.to, tier ?? null]);
      let calls = pending.get(id);
      if (!calls) {
        const group: Call[] = [];
        calls = group;
        pending.set(id, group);
        setImmediate(() => {
          pending.delete(id);
          query(
            projectId,
            range,
            tier,
            group.map((c) => c.keys),
          ).then(
            (counts) => group.forEach((c, i) => c.resolve(counts[i] ?? 0)),
            (error) => group.forEach((c) => c.reject(error)),
          );
        });
      }
      calls.push({ keys, resolve, reject });
    });
  };
}
