import { parseMarkdown, validateContent } from '@touchpoint/content';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, serveHostPages } from './support/browser.js';

/**
 * The content validator's URL and font rules, checked against what Chromium does with the
 * same strings: whatever the validator accepts, the browser must treat as intended.
 */
let browser: Browser;
let host: Awaited<ReturnType<typeof serveHostPages>>;
let page: Page;
beforeAll(async () => {
  browser = await launchChromium();
  host = await serveHostPages({ '/app/page': '<!doctype html><title>t</title><p>page</p>' });
  page = await browser.newPage();
  await page.goto(`${host.origin}/app/page`);
});
afterAll(async () => {
  await browser?.close();
  await host?.close();
});

/** Every pairing of tricky prefixes with a host, as a PM's paste or an attacker might write them. */
function linkCorpus(): string[] {
  const pieces = [
    '',
    '/',
    '//',
    '\\',
    '\\\\',
    '/\\',
    '\\/',
    '\t',
    ' ',
    '\n',
    '.',
    './',
    '../',
    '%2F',
    '%5C',
    '?',
    '#',
    'http:',
    'https:',
    'HTTPS:',
    'mailto:',
    'javascript:',
    'data:',
    'java\tscript:',
    '\u0001',
    'ftp:',
  ];
  const out = new Set<string>();
  for (const a of pieces) for (const b of pieces) for (const tail of ['evil.example/x', '//evil.example', 'app/settings']) out.add(`${a}${b}${tail}`);
  return [...out];
}

const ctaAccepts = (url: string) => validateContent({ version: 1, messages: [{ id: 'm', kind: 'banner', cta: { label: 'Go', action: { url } } }] }).ok;
/** The href of the link Markdown makes of `[go](url)` (after its backslash escapes), if it makes one. */
const markdownHref = (url: string) => /"type":"link","href":("(?:[^"\\]|\\.)*")/.exec(JSON.stringify(parseMarkdown(`[go](${url})`)))?.[1];

describe('links: the validator and the Markdown parser agree with Chromium', () => {
  it('accept only URLs that Chromium resolves to this site, or to an http(s) or mailto address (was: //evil.example, /\\evil.example passed as relative)', async () => {
    const corpus = linkCorpus();
    expect(corpus.length).toBeGreaterThan(1500);
    const hrefs = corpus.map((url) => {
      const href = markdownHref(url);
      return href === undefined ? undefined : (JSON.parse(href) as string);
    });
    const resolve = (urls: string[]) =>
      page.evaluate(
        (list) =>
          list.map((u) => {
            const a = document.createElement('a');
            a.href = u;
            return { origin: a.origin, protocol: a.protocol };
          }),
        urls,
      );
    const fromCta = await resolve(corpus);
    const fromMarkdown = await resolve(hrefs.map((h) => h ?? ''));
    // Accepted as relative: it must stay here. Accepted as absolute: its scheme must be one we allow.
    const fine = (url: string, { origin, protocol }: { origin: string; protocol: string }) =>
      /^\s*(https?|mailto):/i.test(url) ? ['http:', 'https:', 'mailto:'].includes(protocol) : origin === host.origin;
    const wrong: string[] = [];
    corpus.forEach((url, i) => {
      if (ctaAccepts(url) && !fine(url, fromCta[i]!)) wrong.push(`CTA ${JSON.stringify(url)} → ${fromCta[i]!.origin} ${fromCta[i]!.protocol}`);
      const href = hrefs[i];
      if (href !== undefined && !fine(href, fromMarkdown[i]!))
        wrong.push(`Markdown ${JSON.stringify(url)} → ${fromMarkdown[i]!.origin} ${fromMarkdown[i]!.protocol}`);
    });
    expect(wrong).toEqual([]);
    // And the rule is not vacuous: relative paths and absolute links are still taken.
    for (const ok of ['/app/settings', '../x', '?tab=2', '#top', 'https://docs.example.com/a', 'mailto:help@example.com'])
      expect(ctaAccepts(ok), ok).toBe(true);
  });
});

describe('theme fonts: the validator agrees with Chromium', () => {
  it('accepts only values Chromium takes as font-family (was: "bold 72px/3 serif" and url(…) accepted)', async () => {
    const candidates = [
      'Inter',
      '"Open Sans", sans-serif',
      "'Noto Sans JP', system-ui",
      '-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto',
      '游ゴシック体, YuGothic, serif',
      'Helvetica Neue',
      '--custom',
      'bold 72px/3 serif',
      'url(https://x.example/f.woff)',
      'Inter;',
      '12px Arial',
      'inherit, serif',
      'serif, initial',
      'Arial,,serif',
      '"unterminated',
      'Arial, 3D',
      '',
      ' ',
      'a\\62 c',
      'Arial !important',
      'var(--x)',
      'Arial/**/Black',
      '"a"b',
      'calc(1)',
      'Inter, ',
      ', Inter',
      'sans-serif serif',
      'serif Pro',
      'Times serif',
      'system-ui x',
      'x system-ui',
      'default',
      'Default Font',
      'Font Default',
      'revert-layer',
      'Unset x',
      'monospace',
    ];
    const supported = await page.evaluate((fonts) => fonts.map((f) => CSS.supports('font-family', f)), candidates);
    const accepted = candidates.map((font) => validateContent({ version: 1, settings: { theme: { font } } }).ok);
    const disagree = candidates.filter((f, i) => accepted[i] && !supported[i]);
    expect(disagree).toEqual([]);
    // The validator is stricter than CSS only where a value is not plainly a list of names:
    // a string left open (CSS closes it at the end), escapes and comments (not read here),
    // var() and a lone CSS-wide keyword (not names).
    expect(candidates.filter((f, i) => supported[i] && !accepted[i])).toEqual(['"unterminated', 'a\\62 c', 'var(--x)', 'Arial/**/Black', 'revert-layer']);
  });
});
