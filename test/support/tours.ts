import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { RunningCollector } from './collector.js';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Publishes a content document to the collector's project. */
export async function publish(collector: RunningCollector, content: unknown): Promise<void> {
  const res = await fetch(`${collector.url}/v1/content`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${collector.secretKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(content),
  });
  if (!res.ok) throw new Error(`publish failed: ${res.status} ${await res.text()}`);
}

/** Waits until a step is on screen and placed (not pending, not hidden), then lets autoUpdate settle. */
export async function waitForStep(page: Page, timeout = 10_000): Promise<void> {
  await page.waitForFunction(
    () => {
      const d = document.querySelector('touchpoint-ui')?.shadowRoot?.querySelector('.step');
      return !!d && !d.hasAttribute('data-hidden');
    },
    null,
    { timeout },
  );
  await page.waitForTimeout(150);
}

/** The step dialog's box and the spotlight's hole, in viewport coordinates (null when absent). */
export async function measureStep(page: Page): Promise<{ dialog: Box | null; hole: Box | null; layerDir: string | null; title: string | null }> {
  return page.evaluate(() => {
    const root = document.querySelector('touchpoint-ui')?.shadowRoot;
    // The step's card (inside the UI's own modal <dialog>, over an app's modal, it is no dialog itself).
    const d = root?.querySelector('.step');
    const box = (r: DOMRect) => ({ x: r.left, y: r.top, width: r.width, height: r.height });
    let hole = null;
    const path = root?.querySelector('.spotlight path');
    const svg = root?.querySelector('.spotlight') as SVGSVGElement | null;
    if (path && svg) {
      const d2 = path.getAttribute('d')!;
      const rest = d2.slice(d2.indexOf('Z') + 1);
      if (rest) {
        const tmp = document.createElementNS('http://www.w3.org/2000/svg', 'path');
        tmp.setAttribute('d', rest);
        svg.appendChild(tmp);
        const bb = tmp.getBBox();
        tmp.remove();
        // (The path is drawn in the SVG's own box: placed in the layer, not at the viewport's corner.)
        const at = svg.getBoundingClientRect();
        hole = { x: at.left + bb.x, y: at.top + bb.y, width: bb.width, height: bb.height };
      }
    }
    return {
      dialog: d ? box(d.getBoundingClientRect()) : null,
      hole,
      layerDir: d?.closest('[dir]')?.getAttribute('dir') ?? null,
      title: root?.querySelector('.title')?.textContent ?? null,
    };
  });
}

/** What is on top at each corner of the viewport, 2 px in (the local name: `touchpoint-ui` where the spotlight dims the page). */
export function atCorners(page: Page): Promise<Array<string | undefined>> {
  return page.evaluate(() =>
    [
      [2, 2],
      [innerWidth - 4, 2],
      [2, innerHeight - 4],
      [innerWidth - 4, innerHeight - 4],
    ].map(([x, y]) => document.elementFromPoint(x!, y!)?.localName),
  );
}

/** The popover sits on one side of the target, 12 px away (the offset), overlapping it on the other axis, inside the viewport. */
export function expectAttached(dialog: Box | null, target: Box, viewport: { width: number; height: number }, side?: 'top' | 'bottom' | 'left' | 'right') {
  expect(dialog, 'the step is on screen').not.toBeNull();
  const d = dialog!;
  const near = (a: number, b: number) => Math.abs(a - b) <= 3;
  const sides = {
    bottom: near(d.y, target.y + target.height + 12),
    top: near(d.y + d.height, target.y - 12),
    right: near(d.x, target.x + target.width + 12),
    left: near(d.x + d.width, target.x - 12),
  };
  const found = (Object.keys(sides) as (keyof typeof sides)[]).filter((s) => sides[s]);
  expect(found, `the step touches a side of the target ${JSON.stringify({ d, target })}`).not.toEqual([]);
  if (side) expect(found).toContain(side);
  const vertical = sides.top || sides.bottom;
  const overlap = vertical
    ? Math.min(d.x + d.width, target.x + target.width) - Math.max(d.x, target.x)
    : Math.min(d.y + d.height, target.y + target.height) - Math.max(d.y, target.y);
  expect(overlap, 'the step overlaps the target across').toBeGreaterThan(0);
  expect(d.x).toBeGreaterThanOrEqual(0);
  expect(d.y).toBeGreaterThanOrEqual(0);
  expect(d.x + d.width).toBeLessThanOrEqual(viewport.width);
  expect(d.y + d.height).toBeLessThanOrEqual(viewport.height);
}

/** The spotlight's hole is the target's box grown by the 6 px padding. */
export function expectHoleAround(hole: Box | null, target: Box) {
  expect(hole, 'the spotlight has a hole').not.toBeNull();
  const h = hole!;
  for (const [a, b] of [
    [h.x, target.x - 6],
    [h.y, target.y - 6],
    [h.width, target.width + 12],
    [h.height, target.height + 12],
  ]) {
    expect(Math.abs(a! - b!), JSON.stringify({ hole: h, target })).toBeLessThanOrEqual(1.5);
  }
}

/** The box of the first element matching `selector` in the page (not through shadow roots). */
export function boxOf(page: Page, selector: string): Promise<Box> {
  return page.evaluate((s) => {
    const r = document.querySelector(s)!.getBoundingClientRect();
    return { x: r.left, y: r.top, width: r.width, height: r.height };
  }, selector);
}

/** Names of the Flow events stored for the e2e project, oldest first. */
export async function flowEvents(collector: RunningCollector): Promise<string[]> {
  const events = await collector.events();
  return events
    .filter((e) => e.type === 'track' && String(e.event).startsWith('Flow'))
    .map((e) => `${e.event}${e.properties.step_id ? ` ${e.properties.step_id}` : ''}`);
}

/**
 * Waits for the next frame and the task after it: what the page shows now has been on screen,
 * and a step drawn before is counted viewed (`Flow Step Viewed` goes out then).
 */
export function onScreen(page: Page): Promise<void> {
  return page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve))));
}
