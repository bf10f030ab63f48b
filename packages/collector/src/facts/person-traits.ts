/**
 * A person's traits after an identify call at `at` with `traits`, given those known (merged
 * from calls up to `knownAt`). The SDK's rule: the same user's later call merges into the
 * earlier ones, its values winning, key by key (a shallow merge, as `{ ...known, ...traits }`).
 * Events may arrive out of order: a call older than the traits known only fills the keys they
 * lack, so the result is the same whatever order the calls are stored in, for each key the
 * value of the latest call that set it.
 */
export function mergeTraits(
  known: Record<string, unknown> | undefined,
  knownAt: number | undefined,
  traits: Record<string, unknown>,
  at: number,
): { traits: Record<string, unknown>; at: number } {
  if (!known || knownAt === undefined) return { traits: { ...traits }, at };
  return at >= knownAt ? { traits: { ...known, ...traits }, at } : { traits: { ...traits, ...known }, at: knownAt };
}
