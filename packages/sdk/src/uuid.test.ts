import { afterEach, describe, expect, it, vi } from 'vitest';
import { uuid } from './uuid.js';

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('uuid', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('is crypto.randomUUID where the page is a secure context', () => {
    const id = uuid();
    expect(id).toMatch(V4);
    // The browser's own, not the fallback: the same id comes back when randomUUID is made to return it.
    const fixed = '00000000-0000-4000-8000-000000000000';
    vi.spyOn(crypto, 'randomUUID').mockReturnValue(fixed);
    expect(uuid()).toBe(fixed);
  });

  it('is a v4 UUID from getRandomValues on a plain-http page, every digit random', () => {
    const real = crypto;
    vi.stubGlobal('crypto', { getRandomValues: (a: Uint8Array<ArrayBuffer>) => real.getRandomValues(a) });
    const ids = Array.from({ length: 2000 }, uuid);
    for (const id of ids) expect(id).toMatch(V4);
    expect(new Set(ids).size).toBe(ids.length);
    // Every random position takes every value it may: nothing is stuck.
    for (const at of [0, 7, 9, 15, 19, 20, 35]) {
      expect(new Set(ids.map((id) => id[at])).size, `position ${at}`).toBe(at === 19 ? 4 : 16);
    }
  });
});
