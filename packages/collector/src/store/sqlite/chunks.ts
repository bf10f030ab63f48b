/** How many keys one statement takes (SQLite's bound parameters are limited). */
const CHUNK = 400;

/** `list` in parts of at most 400, one statement each. */
export const chunks = <T>(list: readonly T[]): T[][] =>
  Array.from({ length: Math.ceil(list.length / CHUNK) }, (_, i) => list.slice(i * CHUNK, (i + 1) * CHUNK));

/** `n` placeholders for `IN (…)`. */
export const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');
