// @vitest-environment happy-dom
import { afterEach, expect, it, vi } from 'vitest';
import { createTouchpoint } from '../index.js';
import { fakePlatform } from '../testing/fake-platform.js';

afterEach(() => document.body.replaceChildren());

/** The npm build (`createTouchpoint` from the package) opens the debugger as the script tag does: from the fragment, in its own shadow root. */
it('the npm build loads the debugger for #touchpoint-debug: every item with its reasons, in a region of its own; Close closes it for the tab', async () => {
  const fake = fakePlatform({ url: 'https://app.example.com/app/home#touchpoint-debug' });
  fake.platform.document = () => document;
  const tp = createTouchpoint(
    {
      key: 'wk',
      autoPage: false,
      content: {
        version: 1,
        messages: [{ id: 'tip', kind: 'modal', trigger: { on: 'manual' }, title: 'Tip', body: 'Hi' }],
        checklists: [{ id: 'start', title: 'Start', items: [{ id: 'a', title: 'A', done: { event: 'Todo Added' } }] }],
      },
    },
    fake.platform,
  );
  const region = () => document.querySelector('touchpoint-debug')?.shadowRoot?.querySelector('[role=region][aria-label="Touchpoint debugger"]');
  await vi.waitFor(() => expect(region()?.textContent).toContain('trigger: manual (shows only with startFlow or show)'), { timeout: 5000 });
  const text = region()!.textContent!;
  expect(text).toContain('message (modal) tip: not eligible');
  expect(text).toContain('checklist start');
  expect(fake.state.url).toBe('https://app.example.com/app/home');
  const close = [...region()!.querySelectorAll('button')].find((b) => b.getAttribute('aria-label') === 'Close the debugger')!;
  close.click();
  expect(document.querySelector('touchpoint-debug')).toBeNull();
  expect(fake.session.getItem('tp.tool.debug')).toBeNull();
  tp.destroy();
});
