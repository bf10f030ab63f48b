/**
 * What `touchpoint check` runs inside each page it opens: the SDK's own target resolution
 * (target.ts), never a second implementation, so that a target the check passes is one the
 * tour finds. Built on its own (`dist/probe/target-probe.js`, an IIFE that sets
 * `globalThis.__touchpointProbe`); no page of an end user ever loads it.
 */
import { countMatches, resolveTarget, waitForTarget } from './target.js';

/** One target to look for: its selectors (fallbacks, in order) and how long the SDK would wait for it. */
export interface ProbeTarget {
  selectors: string[];
  timeoutMs: number;
}

/** What the page holds for a target once every wait has ended: the selector that matched and how many elements it matches (0: missing). */
export interface ProbeResult {
  selector: string | null;
  count: number;
}

/**
 * Waits for every target at once, as the SDK waits for one (mutations anywhere it looks, up to
 * the target's timeout); then, once all waits have ended (the app has rendered what it
 * renders), resolves each again and counts what its selector matches.
 */
export async function probeTargets(targets: ProbeTarget[]): Promise<ProbeResult[]> {
  await Promise.all(targets.map((t) => waitForTarget(document, t.selectors, { timeoutMs: t.timeoutMs })));
  return targets.map((t) => {
    const found = resolveTarget(document, t.selectors);
    return found ? { selector: found.selector, count: countMatches(document, found.selector) } : { selector: null, count: 0 };
  });
}

(globalThis as { __touchpointProbe?: unknown }).__touchpointProbe = { probeTargets };
