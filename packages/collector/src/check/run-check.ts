import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ContentDocument } from '@touchpoint/content';
import type { Browser } from 'playwright-core';
import { contentTargets, DEFAULT_TARGET_TIMEOUT_S, livesOn, type ContentTarget } from './targets.js';

/** A target that is missing, or matches more than one element, on one page. */
export interface TargetProblem {
  /** `flow/step`, or a message's id. */
  id: string;
  /** The selector that matched (ambiguous), or the target's selectors, comma-separated (missing). */
  selector: string;
  url: string;
  /** `missing`, or `ambiguous(N)` with N the number of elements the selector matches. */
  problem: string;
}

export interface CheckReport {
  problems: TargetProblem[];
  /** How many (target, URL) pairs were looked at. */
  checked: number;
  /** Targets whose URL glob matches none of the URLs: nothing was checked for them. */
  notChecked: ContentTarget[];
}

export interface CheckOptions {
  /**
   * Seconds to wait for a target whose step names no `timeout` (tooltips and hotspots too).
   * @default 5, as the SDK waits
   */
  defaultTimeoutS?: number;
  /** Seconds a page may take to load. @default 30 */
  loadTimeoutS?: number;
}

/** One line of `touchpoint check`'s output (CONTRACT §1): `flow/step  selector  url  missing|ambiguous(N)`. */
export function formatProblem(p: TargetProblem): string {
  return `${p.id}  ${p.selector}  ${p.url}  ${p.problem}`;
}

/**
 * Opens each URL in headless Chromium and looks for every target of `doc` that lives there
 * (see {@link contentTargets}), with the SDK's own resolution (target.ts, evaluated in the
 * page) and the SDK's wait. A target with no URL glob is looked for on every URL and is
 * fine when one page has exactly one match; reported on each page otherwise.
 */
export async function checkTargets(doc: ContentDocument, urls: string[], options: CheckOptions = {}): Promise<CheckReport> {
  const targets = contentTargets(doc, options.defaultTimeoutS ?? DEFAULT_TARGET_TIMEOUT_S);
  const probe = readFileSync(fileURLToPath(import.meta.resolve('@touchpoint/sdk/probe')), 'utf8');
  const found = new Map<ContentTarget, Array<{ url: string; selector: string | null; count: number }>>();
  const browser = await launchChromium();
  try {
    // A few pages at a time: staging pages wait on the network far more than on this machine.
    const queue = urls.map((url) => ({ url, here: targets.filter((t) => livesOn(t, url)) })).filter((job) => job.here.length);
    const worker = async () => {
      for (let job = queue.shift(); job; job = queue.shift()) {
        const results = await probePage(browser, probe, job.url, job.here, (options.loadTimeoutS ?? 30) * 1000);
        job.here.forEach((t, i) => found.set(t, [...(found.get(t) ?? []), { url: job.url, ...results[i]! }]));
      }
    };
    await Promise.all(Array.from({ length: Math.min(PAGES_AT_ONCE, queue.length) }, worker));
  } finally {
    await browser.close();
  }
  const problems: TargetProblem[] = [];
  let checked = 0;
  for (const url of urls) {
    for (const target of targets) {
      const seen = found.get(target) ?? [];
      const result = seen.find((r) => r.url === url);
      if (!result) continue;
      checked++;
      // Shown wherever its flow runs: one page where it is exactly one element is enough.
      if (target.url === undefined && seen.some((r) => r.count === 1)) continue;
      if (result.count === 1) continue;
      problems.push({
        id: target.id,
        selector: result.selector ?? target.selectors.join(', '),
        url,
        problem: result.count === 0 ? 'missing' : `ambiguous(${result.count})`,
      });
    }
  }
  return { problems, checked, notChecked: targets.filter((t) => !found.has(t)) };
}

const PAGES_AT_ONCE = 4;

/** What the SDK's probe (sdk/src/target-probe.ts) answers per target, across the page boundary as JSON. */
type ProbeResult = { selector: string | null; count: number };

/** Opens `url` in a fresh context (no cookies or storage from another page) and probes `targets` there, in order. */
async function probePage(browser: Browser, probe: string, url: string, targets: ContentTarget[], loadTimeoutMs: number): Promise<ProbeResult[]> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    // Before the app's own scripts, so that a redirect on load still finds it on the next page.
    await page.addInitScript({ content: probe });
    const response = await page.goto(url, { waitUntil: 'load', timeout: loadTimeoutMs }).catch((e: unknown) => {
      throw new Error(`cannot open ${url}: ${firstLine(e).replace(/^page\.goto: /, '')}`);
    });
    // An error page has none of the app's targets: every line would be a false alarm.
    if (response && response.status() >= 400) throw new Error(`cannot check ${url}: it answered HTTP ${response.status()}`);
    return await page.evaluate(
      (list) =>
        (globalThis as unknown as { __touchpointProbe: { probeTargets: (l: typeof list) => Promise<ProbeResult[]> } }).__touchpointProbe.probeTargets(list),
      targets.map((t) => ({ selectors: t.selectors, timeoutMs: t.timeoutMs })),
    );
  } finally {
    await context.close();
  }
}

const firstLine = (e: unknown) => String((e as Error)?.message ?? e).split('\n')[0]!;

/**
 * Chromium for the check: `CHROMIUM_PATH` when set; else the system's Chromium at
 * /usr/bin/chromium; else Google Chrome where it is usually installed (GitHub's runners
 * have it); else a browser installed by `npx playwright install chromium`.
 */
async function launchChromium(): Promise<Browser> {
  let chromium: typeof import('playwright-core').chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    // An optional peer: a collector in production never opens a browser, so it does not carry the driver.
    throw new Error(
      'touchpoint check drives Chromium with playwright-core, which is not installed: `npm install --save-dev playwright-core`, or run `npx -p @touchpoint/collector -p playwright-core touchpoint check …`',
    );
  }
  const args = ['--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
  const explicit = process.env.CHROMIUM_PATH;
  const tries: Array<{ executablePath?: string; channel?: string }> = explicit
    ? [{ executablePath: explicit }]
    : [...(existsSync('/usr/bin/chromium') ? [{ executablePath: '/usr/bin/chromium' }] : []), { channel: 'chrome' }, {}];
  const failures: string[] = [];
  for (const how of tries) {
    try {
      return await chromium.launch({ ...how, args });
    } catch (e) {
      failures.push(`${how.executablePath ?? how.channel ?? "Playwright's Chromium"}: ${firstLine(e)}`);
    }
  }
  throw new Error(
    `cannot start Chromium (${failures.join('; ')}). Install Chromium or Google Chrome, set CHROMIUM_PATH to its executable, or run \`npx playwright install chromium\``,
  );
}
