import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { e2eEnvironment } from './support/env.js';
import { TODO_APP } from './support/todo-app.js';
import { measureStep, publish } from './support/tours.js';

const env = e2eEnvironment();
const open = (name: string, body: string, viewport?: { width: number; height: number }) => env.openSdkPage(name, body, { viewport });

/** What is on screen, in viewport coordinates: the target, and our step (only while visible), hole and beacon. */
async function onScreen(page: Page, selector: string | null) {
  const { hole } = await measureStep(page);
  const seen = await page.evaluate((s) => {
    const root = document.querySelector('touchpoint-ui')?.shadowRoot;
    const box = (el: Element | null | undefined) => {
      if (!el || getComputedStyle(el).visibility !== 'visible' || (el as HTMLElement).hidden) return null;
      const r = el.getBoundingClientRect();
      return { x: r.left, y: r.top, width: r.width, height: r.height };
    };
    const target = s ? document.querySelector(s) : null;
    return {
      target: target && box(target),
      dialog: box(root?.querySelector('[role=dialog]')),
      beacon: box(root?.querySelector('.beacon')),
      spotlight: !!root?.querySelector('.spotlight'),
      viewport: { width: innerWidth, height: innerHeight },
    };
  }, selector);
  return { ...seen, hole };
}

type Shown = Awaited<ReturnType<typeof onScreen>>;
type Kind = 'popover' | 'spotlight' | 'tooltip' | 'hotspot' | 'centred';

const px = (n: number) => `${Math.round(n)}px`;

/**
 * How what is shown misses where a step of `kind` belongs (empty when it is right): a step
 * touches a side of the target, 12 px away, overlapping it across; a spotlight's hole
 * is the target grown by 6 px; a hotspot's beacon sits on the target's top end corner; a
 * centred step is in the middle of the viewport with no hole.
 */
function misses(s: Shown, kind: Kind): string[] {
  const out: string[] = [];
  const t = s.target;
  if (kind === 'centred') {
    if (!s.dialog) return ['no step visible'];
    const dx = s.dialog.x + s.dialog.width / 2 - s.viewport.width / 2;
    const dy = s.dialog.y + s.dialog.height / 2 - s.viewport.height / 2;
    if (Math.abs(dx) > 1 || Math.abs(dy) > 1) out.push(`step centre ${px(dx)}, ${px(dy)} off the viewport's`);
    if (s.hole) out.push('a spotlight hole');
    return out;
  }
  if (!t) return ['no target on the page'];
  if (kind === 'hotspot') {
    if (s.dialog) out.push('a step instead of a beacon');
    if (!s.beacon) return [...out, 'no beacon visible'];
    const dx = s.beacon.x - (t.x + t.width - 12);
    const dy = s.beacon.y - (t.y - 12);
    if (Math.abs(dx) > 1.5 || Math.abs(dy) > 1.5) out.push(`beacon ${px(dx)}, ${px(dy)} off the target's corner`);
    return out;
  }
  const d = s.dialog;
  if (!d) return ['no step visible'];
  // The side it touches, 12 px away: the one asked for (bottom), or where flip() moved it.
  const gaps = { bottom: d.y - (t.y + t.height + 12), top: t.y - 12 - (d.y + d.height), right: d.x - (t.x + t.width + 12), left: t.x - 12 - (d.x + d.width) };
  const [side, gap] = Object.entries(gaps).sort((a, b) => Math.abs(a[1]) - Math.abs(b[1]))[0]!;
  if (Math.abs(gap) > 2) out.push(`step ${px(gap)} off the target's ${side}`);
  const across =
    side === 'top' || side === 'bottom'
      ? Math.min(d.x + d.width, t.x + t.width) - Math.max(d.x, t.x)
      : Math.min(d.y + d.height, t.y + t.height) - Math.max(d.y, t.y);
  if (across <= 0) out.push(`step ${side} of the target but not beside it`);
  if (kind === 'spotlight') {
    const h = s.hole;
    if (!h) out.push('no spotlight hole');
    else if (Math.max(Math.abs(h.x - t.x + 6), Math.abs(h.y - t.y + 6), Math.abs(h.width - t.width - 12), Math.abs(h.height - t.height - 12)) > 1.5)
      out.push(`hole ${px(h.x - t.x + 6)}, ${px(h.y - t.y + 6)} off the target`);
  }
  return out;
}

/** Waits until what shows is where a step of `kind` at `selector` belongs, else fails saying how far off it is. */
async function expectAt(page: Page, selector: string | null, kind: Kind, when: string) {
  await expect.poll(async () => misses(await onScreen(page, selector), kind), { message: when, timeout: 2000 }).toEqual([]);
}

/** The focused element through shadow roots: `tag#id` or `tag[role]`. */
const focused = (page: Page) =>
  page.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return el && `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.getAttribute('role') ? `[${el.getAttribute('role')}]` : ''}`;
  });

const stepOf = (kind: Exclude<Kind, 'centred'>) => ({
  id: 'count',
  target: '.footer',
  kind: kind === 'spotlight' ? 'popover' : kind,
  spotlight: kind === 'spotlight',
  title: 'What is left',
  body: 'The footer counts the todos left.',
});

describe('a step follows its target', () => {
  for (const kind of ['popover', 'spotlight', 'tooltip', 'hotspot'] as const) {
    it(`${kind}: through late appearance, rows added above, a layout shift, a resize, node replacement, scroll and window resize`, async () => {
      await publish(env.collector, {
        version: 1,
        flows: [
          {
            id: 'todo',
            repeat: 'always',
            steps: [{ id: 'add', target: '#new-todo', title: 'Add a todo', advance: { event: 'Todo Added' } }, stepOf(kind)],
          },
        ],
      });
      const page = await open(`follow-${kind}`, TODO_APP);
      await page.evaluate(() => (window as any).touchpoint.startFlow('todo'));
      await expectAt(page, '#new-todo', 'spotlight', 'the first step');
      // The footer exists only once there is a todo: it appears (sliding open) as the first step advances.
      expect(await page.evaluate(() => document.querySelector('.footer'))).toBeNull();
      await page.fill('#new-todo', 'Buy milk');
      await page.press('#new-todo', 'Enter');
      await expectAt(page, '.footer', kind, 'on the footer that appeared late');
      // Focus moves into the step (a hotspot's beacon leaves it where it is).
      await expect.poll(() => focused(page), { message: 'focus' }).toBe(kind === 'hotspot' ? 'input#new-todo' : 'div[dialog]');
      for (const row of ['Walk the dog', 'Call mum', 'Water plants']) {
        const before = await onScreen(page, '.footer');
        await page.evaluate((text) => (window as any).app.add(text), row);
        expect((await onScreen(page, '.footer')).target!.y).toBeGreaterThan(before.target!.y);
        await expectAt(page, '.footer', kind, `after adding "${row}" above the footer`);
      }
      await page.evaluate(() => (window as any).app.notice('Saved'));
      await expectAt(page, '.footer', kind, 'after a notice shifted the page down');
      const short = (await onScreen(page, '.footer')).target!;
      await page.evaluate(() => (window as any).app.complete(0));
      expect((await onScreen(page, '.footer')).target!.height).toBeGreaterThan(short.height);
      await expectAt(page, '.footer', kind, 'after the footer grew');
      // Replaced in place: the row added next shows the step follows the new node, not the old one.
      await page.evaluate(() => {
        document.querySelector('.footer')!.id = 'first-render';
        (window as any).app.replaceNodes();
      });
      expect(await page.evaluate(() => document.getElementById('first-render'))).toBeNull();
      await expectAt(page, '.footer', kind, 'after a re-render replaced the footer');
      await expect.poll(() => focused(page), { message: 'focus stays in the step' }).toBe(kind === 'hotspot' ? 'input#new-todo' : 'div[dialog]');
      await page.evaluate(() => (window as any).app.add('Pay rent'));
      await expectAt(page, '.footer', kind, 'after a row was added to a list that re-renders all of its nodes');
      await page.evaluate(() => window.scrollBy(0, 150));
      await expectAt(page, '.footer', kind, 'after the page scrolled');
      // Scrolled out of sight, the step hides (and a hidden element loses focus); back in sight, it shows with focus again.
      const focus = await focused(page);
      await page.evaluate(() => window.scrollBy(0, 1000));
      await page.locator(kind === 'hotspot' ? 'touchpoint-ui .beacon' : 'touchpoint-ui [role=dialog]').waitFor({ state: 'hidden' });
      await page.evaluate(() => window.scrollBy(0, -1000));
      await expectAt(page, '.footer', kind, 'after the page scrolled away and back');
      await expect.poll(() => focused(page), { message: 'focus is back in the step' }).toBe(focus);
      const wide = (await onScreen(page, '.footer')).target!;
      await page.setViewportSize({ width: 600, height: 640 });
      expect((await onScreen(page, '.footer')).target!.x).toBeLessThan(wide.x);
      await expectAt(page, '.footer', kind, 'after the window narrowed');
    });
  }
});

describe('a tooltip or hotspot message follows its target', () => {
  for (const kind of ['tooltip', 'hotspot'] as const) {
    it(`${kind}: shown on the footer when the first todo is added, then through re-renders that replace it`, async () => {
      await publish(env.collector, {
        version: 1,
        messages: [
          {
            id: 'left',
            kind,
            target: '.footer',
            trigger: { on: 'event', event: 'Todo Added' },
            repeat: 'always',
            title: 'What is left',
            cta: { label: 'Got it', action: 'dismiss' },
          },
        ],
      });
      const page = await open(`message-${kind}`, TODO_APP);
      await page.evaluate(() => (window as any).app.add('Buy milk'));
      await expectAt(page, '.footer', kind, 'on the footer');
      await page.evaluate(() => (window as any).app.replaceNodes());
      for (const row of ['Walk the dog', 'Call mum']) {
        await page.evaluate((text) => (window as any).app.add(text), row);
        await expectAt(page, '.footer', kind, `after adding "${row}" to a list that re-renders all of its nodes`);
      }
    });
  }
});

describe('every step lands where it should, whatever came before it', () => {
  it('across every transition between centred, spotlight, tooltip and hotspot steps, forward and back', async () => {
    // Every ordered pair of kinds, each kind after itself included (an Eulerian walk).
    const walk: Kind[] = [
      'centred',
      'centred',
      'spotlight',
      'spotlight',
      'centred',
      'tooltip',
      'tooltip',
      'centred',
      'hotspot',
      'hotspot',
      'spotlight',
      'tooltip',
      'spotlight',
      'hotspot',
      'tooltip',
      'hotspot',
      'centred',
    ];
    const pairs = new Set(walk.slice(1).map((k, i) => `${walk[i]}>${k}`));
    expect(pairs.size).toBe(16);
    // Targets far apart, taken in turn: no two targeted steps in a row share one.
    const targets = ['#north', '#east', '#south', '#west'];
    let turn = 0;
    const steps = walk.map((kind, i) => {
      const target = kind === 'centred' ? null : targets[turn++ % targets.length]!;
      return {
        id: `s${i}`,
        title: `Step ${i}`,
        body: `A ${kind} step.`,
        ...(target && { target, kind: kind === 'spotlight' ? 'popover' : kind, spotlight: kind === 'spotlight' }),
        // The first of two hotspots in a row advances by a click on its target, its beacon never opened.
        ...(kind === 'hotspot' && walk[i + 1] === 'hotspot' && { advance: { click: true } }),
      };
    });
    await publish(env.collector, { version: 1, flows: [{ id: 'kinds', repeat: 'always', steps }] });
    const page = await open(
      'kinds',
      `<main style="position:relative;height:640px">
        <button id="north" style="position:absolute;top:40px;left:60px">North</button>
        <button id="east" style="position:absolute;top:260px;right:40px">East</button>
        <button id="south" style="position:absolute;bottom:60px;left:420px">South</button>
        <button id="west" style="position:absolute;top:300px;left:20px">West</button>
      </main>`,
    );
    const ui = page.locator('touchpoint-ui');
    const arrive = async (i: number, from: number) => {
      const step = steps[i]!;
      const kind = walk[i]!;
      if (kind === 'hotspot') await ui.getByRole('button', { name: `Open hint: ${step.title}` }).waitFor();
      else await expect.poll(async () => (await measureStep(page)).title, { message: `step ${i}` }).toBe(step.title);
      await expectAt(page, step.target ?? null, kind, `step ${i} (${kind}) after step ${from} (${walk[from]})`);
      if (kind !== 'hotspot') await expect.poll(() => focused(page), { message: `focus in step ${i}` }).toBe('div[dialog]');
    };
    const leave = async (i: number) => {
      const step = steps[i]!;
      if (step.advance) return page.click(step.target!);
      if (walk[i] === 'hotspot') {
        await ui.getByRole('button', { name: `Open hint: ${step.title}` }).click();
        await expectAt(page, step.target!, 'tooltip', `step ${i}'s opened hint`);
      }
      await ui.getByRole('button', { name: i === steps.length - 1 ? 'Done' : 'Next' }).click();
    };
    await page.evaluate(() => (window as any).touchpoint.startFlow('kinds'));
    for (let i = 0; i < steps.length; i++) {
      await arrive(i, i - 1);
      // Back from a popover step (centred or spotlight) to whatever came before, and forward again.
      if (i > 0 && (walk[i] === 'centred' || walk[i] === 'spotlight')) {
        await ui.getByRole('button', { name: 'Back' }).click();
        await arrive(i - 1, i);
        await leave(i - 1);
        await arrive(i, i - 1);
      }
      await leave(i);
    }
    await expect.poll(async () => (await measureStep(page)).dialog).toBeNull();
  });
});

describe('the arrow', () => {
  it.each(['top', 'right', 'bottom', 'left'] as const)(
    'of a step placed %s of its target sticks out of the edge facing it, at the target',
    async (placement) => {
      await publish(env.collector, {
        version: 1,
        flows: [{ id: 'a', repeat: 'always', steps: [{ id: 's', target: '#t', placement, kind: 'tooltip', title: 'Arrow', body: 'Points at the target.' }] }],
      });
      const page = await open(`arrow-${placement}`, '<button id="t" style="position:absolute;top:300px;left:450px">Target</button>');
      await page.evaluate(() => (window as any).touchpoint.startFlow('a'));
      const hit = () =>
        page.evaluate((side) => {
          const root = document.querySelector('touchpoint-ui')!.shadowRoot!;
          const card = root.querySelector('[role=dialog]');
          const arrow = root.querySelector('.arrow');
          if (!card || !arrow || getComputedStyle(card).visibility !== 'visible') return 'no step';
          const c = card.getBoundingClientRect();
          const a = arrow.getBoundingClientRect();
          const t = document.getElementById('t')!.getBoundingClientRect();
          // 3 px out of the card's edge that faces the target, across from the arrow's middle.
          const points: Record<typeof side, [number, number]> = {
            top: [a.left + a.width / 2, c.bottom + 3],
            bottom: [a.left + a.width / 2, c.top - 3],
            left: [c.right + 3, a.top + a.height / 2],
            right: [c.left - 3, a.top + a.height / 2],
          };
          const [x, y] = points[side];
          const across = side === 'top' || side === 'bottom' ? Math.abs(x - (t.left + t.width / 2)) : Math.abs(y - (t.top + t.height / 2));
          return `${(root.elementFromPoint(x, y) as Element | null)?.className ?? 'nothing'}${across <= 1 ? ', at the target' : `, ${Math.round(across)} px off`}`;
        }, placement);
      await expect.poll(hit).toBe('arrow, at the target');
    },
  );
});
