/**
 * A v4 UUID. `crypto.randomUUID` exists only in secure contexts, so plain-http pages fall
 * back to `getRandomValues`, which every browser has everywhere: each 0 and 1 of the
 * template becomes a random hex digit, the 8 one of 8, 9, a or b (the variant).
 */
export function uuid(): string {
  const c = crypto;
  return c.randomUUID
    ? c.randomUUID()
    : '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, (d) => (+d ^ (c.getRandomValues(new Uint8Array(1))[0]! & (15 >> (+d / 4)))).toString(16));
}
