import { describe, expect, it, vi } from 'vitest';
import { MemoryStorage } from './testing/fake-platform.js';
import { forgetTool, fragmentParam, openTools, withoutTools } from './tools.js';

describe('tool fragments', () => {
  it('reads a token, a bare flag, and several tools in one fragment', () => {
    expect(fragmentParam('#touchpoint-preview=abc', 'preview')).toBe('abc');
    expect(fragmentParam('#touchpoint-debug', 'debug')).toBe('');
    expect(fragmentParam('#top&touchpoint-builder=t%2F1&touchpoint-debug', 'builder')).toBe('t/1');
    expect(fragmentParam('#touchpoint-previews=abc', 'preview')).toBeUndefined();
    expect(fragmentParam('#touchpoint-preview=%E0%A4%A', 'preview')).toBe('%E0%A4%A');
  });

  it('leaves the app its own fragment and nothing of ours', () => {
    expect(withoutTools('#top&touchpoint-builder=t&touchpoint-debug')).toBe('#top');
    expect(withoutTools('#touchpoint-preview=x')).toBe('');
    expect(withoutTools('#/settings?tab=2')).toBe('#/settings?tab=2');
  });

  it('keeps a tool open in the tab until it is forgotten', () => {
    const session = new MemoryStorage();
    expect([...openTools('#touchpoint-builder=tok', session)]).toEqual([['builder', 'tok']]);
    // A later page of the same tab, without the fragment.
    expect([...openTools('', session)]).toEqual([['builder', 'tok']]);
    forgetTool('builder', session);
    expect([...openTools('', session)]).toEqual([]);
    // Without session storage, the fragment still opens it on this page.
    expect([...openTools('#touchpoint-debug', undefined)]).toEqual([['debug', '']]);
  });
});

describe('tools in the runtime', () => {
  it('opens the tool the fragment asks for, keeps its token out of the events, and closes it for the tab', async () => {
    const { createTouchpoint } = await import('./runtime.js');
    const { fakePlatform } = await import('./testing/fake-platform.js');
    const fake = fakePlatform({ url: 'https://app.example.com/app?x=1#top&touchpoint-builder=secret-token' });
    // A page: tools need a document to draw in.
    fake.platform.document = () => ({}) as Document;
    const opened: Array<{ name: string; token: string; close(): void }> = [];
    const options = {
      key: 'wk',
      autoPage: true,
      flushAt: 1,
      loadTool: async (name: string) => ({
        openTool: (c: { token: string; close(): void }) => (opened.push({ name, token: c.token, close: c.close }), () => {}),
      }),
    };
    const tp = createTouchpoint(options, fake.platform);
    await vi.waitFor(() => expect(opened).toHaveLength(1));
    expect(opened[0]).toMatchObject({ name: 'builder', token: 'secret-token' });
    expect(fake.state.url).toBe('https://app.example.com/app?x=1#top');
    await tp.flush();
    const page = fake.messages().find((m) => m.type === 'page')!;
    expect(JSON.stringify(page)).not.toContain('secret-token');
    tp.destroy();
    // The next page of this tab opens it again, without the fragment; closed, it does not.
    const again = createTouchpoint(options, fake.platform);
    await vi.waitFor(() => expect(opened).toHaveLength(2));
    opened[1]!.close();
    again.destroy();
    const third = createTouchpoint(
      { ...options, loadTool: async () => ({ openTool: () => (opened.push({ name: 'x', token: '', close() {} }), () => {}) }) },
      fake.platform,
    );
    await third.flush();
    expect(fake.session.getItem('tp.tool.builder')).toBeNull();
    expect(opened).toHaveLength(2);
    third.destroy();
  });

  it.each([
    ['#touchpoint-preview=tok', true],
    ['#touchpoint-builder=tok', true],
    ['#touchpoint-debug', false],
    ['', false],
  ])('marks the events of a tab with %j as preview events: %s (from the first page view on)', async (hash, marked) => {
    const { createTouchpoint } = await import('./runtime.js');
    const { fakePlatform } = await import('./testing/fake-platform.js');
    const fake = fakePlatform({ url: `https://app.example.com/app${hash}` });
    fake.platform.document = () => ({}) as Document;
    const tp = createTouchpoint({ key: 'wk', autoPage: true, flushAt: 1, loadTool: async () => ({ openTool: () => () => {} }) }, fake.platform);
    await new Promise<void>((resolve) => tp.ready(resolve));
    tp.track('Report Exported');
    await tp.flush();
    const sent = fake.messages();
    expect(sent.map((m) => m.type)).toEqual(['page', 'track']);
    for (const m of sent) expect((m.context as Record<string, unknown>).preview).toBe(marked ? true : undefined);
    tp.destroy();
  });
});
