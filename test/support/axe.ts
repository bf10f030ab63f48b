import type { Page } from 'playwright-core';

const AXE = new URL('../../node_modules/axe-core/axe.min.js', import.meta.url).pathname;

/** Runs axe-core (WCAG 2.x A and AA rules) over the page, open shadow roots included, once our UI's entrance animations are over; returns the violations. */
export async function axeViolations(page: Page): Promise<string[]> {
  // Once entrance animations are over: mid-fade, text has too little contrast.
  await page.evaluate(() =>
    Promise.all(
      (document.querySelector('touchpoint-ui')?.shadowRoot?.getAnimations() ?? [])
        .filter((a) => a.effect?.getTiming().iterations !== Infinity)
        .map((a) => a.finished),
    ),
  );
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const result = await (window as any).axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
    return result.violations.map((v: any) => `${v.id}: ${v.nodes.map((n: any) => n.target.join(' ')).join(', ')}`);
  });
}
