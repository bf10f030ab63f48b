import { describe, expect, it } from 'vitest';
import { SESSION_TIMEOUT_MS, touchSession } from './session.js';
import { createStore } from './storage.js';
import { MemoryStorage } from './testing/fake-platform.js';

/** The tests' localStorage stand-in, counting its writes; session ids s1, s2… */
function counted() {
  let n = 0;
  const newId = () => `s${++n}`;
  const writes: string[] = [];
  const storage = new (class extends MemoryStorage {
    override setItem(key: string, value: string) {
      writes.push(value);
      super.setItem(key, value);
    }
  })();
  return { store: createStore(storage, true, () => {}), writes, newId };
}

describe('touchSession', () => {
  it('writes the last activity at most once a second: a burst of events writes it once', () => {
    const { store, writes, newId } = counted();
    const t0 = 1_000_000;
    const ids = [0, 1, 50, 999].map((dt) => touchSession(store, t0 + dt, newId));
    expect(ids).toEqual(['s1', 's1', 's1', 's1']);
    expect(writes).toHaveLength(1);
    expect(touchSession(store, t0 + 1000, newId)).toBe('s1');
    expect(writes).toHaveLength(2);
    expect(JSON.parse(writes[1]!)).toEqual({ id: 's1', last: t0 + 1000 });
  });

  it('renews the session after the timeout counted from the last written activity, and writes the new one at once', () => {
    const { store, writes, newId } = counted();
    const t0 = 1_000_000;
    touchSession(store, t0, newId);
    touchSession(store, t0 + 500, newId);
    expect(touchSession(store, t0 + SESSION_TIMEOUT_MS - 1, newId)).toBe('s1');
    expect(touchSession(store, t0 + 2 * SESSION_TIMEOUT_MS, newId)).toBe('s2');
    expect(writes.map((w) => JSON.parse(w).id)).toEqual(['s1', 's1', 's2']);
    // A clock that went back: a new session, written.
    expect(touchSession(store, t0, newId)).toBe('s3');
    expect(writes).toHaveLength(4);
  });
});
