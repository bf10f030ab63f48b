/**
 * What the JS heap a shown step adds is made of (`pnpm bench`; alone: `node --import tsx
 * packages/ui/bench/tour-heap.ts` after `pnpm build`): the side-by-side bench's page and tour
 * (tour-libraries.ts), loaded with its tour started by the page; once step 1 shows, a GC, then a
 * heap snapshot, its V8 objects summed by kind, over the same page without a tour (which waits
 * through the same Playwright call). Median of BENCH_HEAP_RUNS (default 3) per library.
 * Blink's own objects and the scripts' source text (held outside the JS heap) are not counted,
 * as `JSHeapUsedSize` does not count them; its figure is printed beside the sum as a check
 * (within 2% of it).
 */
import type { Browser, CDPSession } from 'playwright-core';
import { launchChromium, serveHostPages } from '../../../test/support/browser.js';
import { startCollector } from '../../../test/support/collector.js';
import { publish } from '../../../test/support/tours.js';
import { appPage, type Library, median, OTHERS, slug, TOUCHPOINT_CONTENT, touchpoint } from './tour-libraries.js';

const RUNS = Number(process.env.BENCH_HEAP_RUNS ?? 3);

const KINDS = [
  [
    'bytecode, and the scopes, constants and source positions that go with it',
    /^system \/ (BytecodeArray|BytecodeWrapper|ScopeInfo|TrustedByteArray|FeedbackMetadata|ObjectBoilerplateDescription|SharedFunctionInfo|UncompiledData|PreparseData|ArrayBoilerplateDescription)|^\(constant pool\)|^\(context local names\)/,
  ],
  ['machine code (functions V8 compiled further because they ran often; compiled regular expressions)', /^system \/ (InstructionStream|Code)$/],
  ['type feedback', /^system \/ (FeedbackVector|FeedbackCell|ClosureFeedbackCellArray)/],
  [
    'Web API bindings (made the first time a page uses an interface)',
    /^system \/ (FunctionTemplateInfo|ObjectTemplateInfo|FunctionTemplateRareData|AccessorPair|DictionaryTemplateInfo)/,
  ],
  ["V8's number-to-string cache", /^system \/ DoubleStringCache/],
] as const;
const OTHER_KINDS = ['hidden classes (object shapes)', 'strings', 'objects, arrays, closures and the rest'] as const;
type Kind = (typeof KINDS)[number][0] | (typeof OTHER_KINDS)[number];

/** The kind a heap snapshot node counts as, or null for what is not in the JS heap. */
function kindOf(type: string, name: string): Kind | null {
  if (type === 'native' && !name.startsWith('system / ')) return null; // Blink's objects
  if (name === 'system / ExternalStringData') return null; // the scripts' source, outside the heap
  for (const [kind, pattern] of KINDS) if (pattern.test(name)) return kind;
  if (type === 'object shape') return OTHER_KINDS[0];
  if (type.includes('string')) return OTHER_KINDS[1];
  return OTHER_KINDS[2];
}

async function snapshot(cdp: CDPSession): Promise<Map<Kind, number>> {
  const chunks: string[] = [];
  const onChunk = (e: { chunk: string }) => chunks.push(e.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  const {
    snapshot: s,
    nodes,
    strings,
  } = JSON.parse(chunks.join('')) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
    nodes: number[];
    strings: string[];
  };
  const fields = s.meta.node_fields;
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f)) as [number, number, number];
  const types = s.meta.node_types[0];
  const sums = new Map<Kind, number>();
  for (let i = 0; i < nodes.length; i += fields.length) {
    const kind = kindOf(types[nodes[i + typeAt]!]!, strings[nodes[i + nameAt]!]!);
    if (kind) sums.set(kind, (sums.get(kind) ?? 0) + nodes[i + sizeAt]!);
  }
  return sums;
}

/** The heap after a GC, once step 1 shows (the blank page: once it has loaded), by kind, and as Chromium reports it. */
async function measure(browser: Browser, origin: string, lib: Library | null) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(`window.__card = ${lib?.card ?? '() => null'};`);
  const page = await context.newPage();
  await page.goto(`${origin}/${slug(lib)}-auto.html`);
  await page.waitForFunction(lib ? "window.__card('Step one')" : 'document.readyState === "complete"');
  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('Performance.enable');
  const used = (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'JSHeapUsedSize')!.value;
  const kinds = await snapshot(cdp);
  await context.close();
  return { used, kinds };
}

const collector = await startCollector();
const browser = await launchChromium();
try {
  await publish(collector, TOUCHPOINT_CONTENT);
  const libraries = [...OTHERS, touchpoint(collector.url, collector.writeKey)];
  const pages: Parameters<typeof serveHostPages>[0] = { '/none-auto.html': appPage('') };
  for (const lib of libraries) {
    pages[`/${slug(lib)}-auto.html`] = appPage(lib.head(true));
    for (const [path, [type, text]] of Object.entries(lib.files)) pages[path] = { html: text, headers: { 'content-type': type } };
  }
  const host = await serveHostPages(pages);
  const runs = async (lib: Library | null) => {
    const all = [];
    for (let i = 0; i < RUNS; i++) all.push(await measure(browser, host.origin, lib));
    return all;
  };
  const base = await runs(null);
  const kinds: Kind[] = [...KINDS.map(([k]) => k), ...OTHER_KINDS];
  const added = (all: Awaited<ReturnType<typeof runs>>, kind: Kind) =>
    median(all.map((r, i) => (r.kinds.get(kind) ?? 0) - (base[i]!.kinds.get(kind) ?? 0))) / 1024;
  const total = (sums: Map<Kind, number>) => [...sums.values()].reduce((a, b) => a + b, 0);
  const rows = new Map<Library, number[]>();
  for (const lib of libraries) {
    const all = await runs(lib);
    const byKind = kinds.map((k) => added(all, k));
    const sum = median(all.map((r, i) => total(r.kinds) - total(base[i]!.kinds))) / 1024;
    rows.set(lib, [...byKind, sum, median(all.map((r, i) => r.used - base[i]!.used)) / 1024]);
  }
  console.log(`\nJS heap added once step 1 shows, by kind (KB over the page without a tour, median of ${RUNS})\n`);
  console.log(`| kind | ${libraries.map((l) => l.name).join(' | ')} |`);
  console.log(`|---|${libraries.map(() => '---:').join('|')}|`);
  [...kinds, 'all of the above', 'JSHeapUsedSize (Chromium)'].forEach((kind, i) =>
    console.log(`| ${kind} | ${libraries.map((l) => rows.get(l)![i]!.toFixed(1)).join(' | ')} |`),
  );
  await host.close();
} finally {
  await browser.close();
  await collector.stop();
}
