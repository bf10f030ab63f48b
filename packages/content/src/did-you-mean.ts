/**
 * The candidate a typo most likely meant: the closest by edit distance (a swap of two
 * neighbouring letters counts as one edit), when it is close enough to be a typo rather than
 * another word: at most one edit for words up to four letters, two up to eight, three beyond.
 * A difference of case alone always counts. Failing that, a word spelled out in full for its
 * short form (`equals` for `eq`) or cut short (`mod` for `modal`). Ties go to the earlier
 * candidate. Undefined when nothing is close.
 */
export function didYouMean(input: string, candidates: Iterable<string>): string | undefined {
  const lower = input.toLowerCase();
  const allowed = input.length <= 4 ? 1 : input.length <= 8 ? 2 : 3;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === input) continue;
    const distance = candidate.toLowerCase() === lower ? 0 : editDistance(lower, candidate.toLowerCase(), allowed);
    if (distance <= allowed && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best ?? prefixMatch(lower, candidates);
}

function prefixMatch(lower: string, candidates: Iterable<string>): string | undefined {
  for (const candidate of candidates) {
    const c = candidate.toLowerCase();
    if ((c.length >= 2 && lower.startsWith(c)) || (lower.length >= 3 && c.startsWith(lower))) return candidate;
  }
  return undefined;
}

/** Optimal string alignment distance, giving up (returning `limit + 1`) once it must exceed `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      current.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > limit) return limit + 1;
    before = previous;
    previous = current;
  }
  return previous[b.length]!;
}
