import { describe, expect, it } from 'vitest';
import { lockKey } from './schedule.js';

/** The 32-bit FNV-1a key the leases and schedules had: names colliding in it must not share a lock. */
const fnv32 = (text: string) => {
  let h = 0x811c9dc5;
  for (const ch of text) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
  return h | 0;
};

describe('advisory lock keys', () => {
  it('differ for two journeys whose 32-bit keys collided (so one never answers busy for the other)', () => {
    // A birthday search: a pair of journey leases with the same old key turns up within ~100 000 names.
    const seen = new Map<number, string>();
    let pair: [string, string] | undefined;
    for (let i = 0; !pair; i++) {
      const name = `journey:1:j${i}`;
      const h = fnv32(`touchpoint:lease:${name}`);
      const other = seen.get(h);
      if (other) pair = [other, name];
      else seen.set(h, name);
    }
    expect(lockKey(pair[0], 'lease')).not.toEqual(lockKey(pair[1], 'lease'));
  });

  it('are signed 64-bit integers, the same for the same name, apart for schedules and leases', () => {
    const key = BigInt(lockKey('digest'));
    expect(key >= -(2n ** 63n) && key < 2n ** 63n).toBe(true);
    expect(lockKey('digest')).toEqual(lockKey('digest'));
    expect(lockKey('digest', 'lease')).not.toEqual(lockKey('digest'));
  });
});
