import { describe, expect, it, vi } from 'vitest';
import { CONTENT, loadContent } from './content-source.js';
import { createStore } from './storage.js';
import { fakePlatform, MemoryStorage } from './testing/fake-platform.js';

const published = { version: 1, messages: [{ id: 'm', kind: 'banner', body: 'Published' }] };
const draft = { version: 1, messages: [{ id: 'm', kind: 'banner', body: 'Draft' }] };
const json = (body: unknown, headers: Record<string, string> = {}, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

function setup() {
  const fake = fakePlatform();
  const storage = new MemoryStorage();
  const store = createStore(storage, true, () => {});
  const warn = vi.fn();
  const load = (preview?: string) => loadContent(fake.platform, store, 'https://c.example/v1/content?key=wk', preview, warn);
  return { fake, store, load, warn };
}

describe('loading the content', () => {
  it('keeps the published content as the last good copy, and uses it when the collector cannot be reached', async () => {
    const { fake, store, load } = setup();
    fake.state.respond = () => json(published);
    expect(await load()).toEqual({ content: published, source: null });
    expect(store.get(CONTENT)).toEqual(published);
    fake.state.respond = () => 'network-error';
    expect(await load()).toEqual({ content: published, source: 'offline' });
    // Nothing published any more: the copy becomes an empty document (offline, nothing runs either).
    fake.state.respond = () => json({ error: 'none' }, {}, 404);
    expect(await load()).toEqual({ content: undefined, source: null });
    expect(store.get(CONTENT)).toEqual({ version: 1 });
    fake.state.respond = () => 'network-error';
    expect(await load()).toEqual({ content: { version: 1 }, source: 'offline' });
  });

  it('with a preview token, asks for the draft uncached, and never keeps the draft as the last good copy', async () => {
    const { fake, store, load } = setup();
    fake.state.respond = () => json(published);
    await load();
    fake.state.respond = (r) => (r.url.includes('&preview=tpp_a%2Fb') ? json(draft, { 'X-Touchpoint-Preview': 'draft' }) : json(published));
    expect(await load('tpp_a/b')).toEqual({ content: draft, source: 'draft' });
    expect(fake.requests.at(-1)!.url).toBe('https://c.example/v1/content?key=wk&preview=tpp_a%2Fb');
    expect(store.get(CONTENT)).toEqual(published);
    // Offline while previewing: the published copy, never a draft.
    fake.state.respond = () => 'network-error';
    expect(await load('tpp_a/b')).toEqual({ content: published, source: 'offline' });
  });

  it('says when the preview ended (the published content answers), and keeps that as the copy', async () => {
    const { fake, store, load } = setup();
    fake.state.respond = () => json(published, { 'X-Touchpoint-Preview': 'ended' });
    expect(await load('tpp_old')).toEqual({ content: published, source: 'ended' });
    expect(store.get(CONTENT)).toEqual(published);
  });
});

describe('touchpoint.preview()', () => {
  it('keeps the token for the tab and reloads; null forgets it and reloads; anything else does nothing', async () => {
    const { createTouchpoint } = await import('./runtime.js');
    const fake = fakePlatform({ url: 'https://app.example.com/app#/list' });
    const reload = vi.fn();
    fake.platform.document = () => ({ defaultView: { location: { reload } } }) as unknown as Document;
    fake.state.respond = (r) => (r.url.includes('/v1/content') ? json(published) : json({}));
    const tp = createTouchpoint({ key: 'wk', autoPage: false }, fake.platform);
    tp.preview('tpp_token');
    expect(fake.session.getItem('tp.tool.preview')).toBe('tpp_token');
    expect(reload).toHaveBeenCalledTimes(1);
    for (const bad of ['', 42, undefined, {}]) tp.preview(bad as never);
    expect(reload).toHaveBeenCalledTimes(1);
    expect(fake.session.getItem('tp.tool.preview')).toBe('tpp_token');
    tp.destroy();

    // The next page of the tab previews: it asks for the draft.
    const next = createTouchpoint({ key: 'wk', autoPage: false }, fake.platform);
    await vi.waitFor(() => expect(fake.requests.some((r) => r.url.endsWith('&preview=tpp_token'))).toBe(true));
    next.preview(null);
    expect(fake.session.getItem('tp.tool.preview')).toBeNull();
    expect(reload).toHaveBeenCalledTimes(2);
    next.destroy();
  });
});
