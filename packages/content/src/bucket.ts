/**
 * Deterministic assignment, the same in every browser and on the server.
 *
 * The hash is MurmurHash3 (x86, 32-bit, seed 0) of the UTF-8 bytes of `${seed}:${key}`,
 * where `seed` is an experiment id (or "holdout") and `key` the user's id (userId when
 * identified, else anonymousId). `bucket` maps it to [0, 100): `hash / 2^32 * 100`.
 * Any language can reproduce it from this description.
 */
export function murmur3(text: string): number {
  const bytes = utf8(text);
  const c1 = 0xcc9e2d51;
  const c2 = 0x1b873593;
  let h = 0;
  const tail = bytes.length & ~3;
  for (let i = 0; i < tail; i += 4) {
    let k = bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const rest = bytes.length & 3;
  if (rest) {
    let k = bytes[tail]!;
    if (rest > 1) k ^= bytes[tail + 1]! << 8;
    if (rest > 2) k ^= bytes[tail + 2]! << 16;
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
  }
  h ^= bytes.length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Where `key` falls for `seed`, in [0, 100). */
export function bucket(seed: string, key: string): number {
  return (murmur3(`${seed}:${key}`) / 0x1_0000_0000) * 100;
}

/** Whether the user is in the global holdout of `percent` (`settings.holdout`): they see no unsolicited content. */
export function inHoldout(percent: number | undefined, key: string): boolean {
  return !!percent && percent > 0 && bucket('holdout', key) < percent;
}

function utf8(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d < 0xe000) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return out;
}

/**
 * The variant of `experiment` for this user: `control` percent of users (by bucket) get
 * null, the rest are spread over the variants by weight. Deterministic: the same user key
 * always gets the same answer, in the browser and on the server.
 */
export function assignVariant(
  experiment: { id: string; control?: number; variants: ReadonlyArray<{ id: string; weight: number }> },
  key: string,
): string | null {
  const b = bucket(experiment.id, key);
  const control = Math.min(Math.max(experiment.control ?? 0, 0), 100);
  if (b < control) return null;
  const total = experiment.variants.reduce((sum, v) => sum + Math.max(0, v.weight), 0);
  if (total <= 0) return null;
  // The rest of the range, [control, 100), split in proportion to the weights.
  let at = ((b - control) / (100 - control)) * total;
  for (const v of experiment.variants) {
    at -= Math.max(0, v.weight);
    if (at < 0) return v.id;
  }
  return experiment.variants.at(-1)!.id;
}
