import { describe, expect, it } from 'vitest';
import { audienceFacts } from './audience-facts.js';

describe("what a journey's audience reads", () => {
  it('names the whole days at which a lastSeen condition can change (7 days ago is 7 up to 8 days)', () => {
    // gte/lt 7 turn at 7 days; gt/lte 7 at 8; eq/neq 7 at both; a fraction at the whole days around it.
    expect(audienceFacts({ lastSeen: { op: 'gte', days: 7 } }, []).lastSeenDays).toEqual([7]);
    expect(audienceFacts({ lastSeen: { op: 'gt', days: 7 } }, []).lastSeenDays).toEqual([8]);
    expect(audienceFacts({ lastSeen: { op: 'neq', days: 7 } }, []).lastSeenDays).toEqual([7, 8]);
    expect(audienceFacts({ lastSeen: { op: 'eq', days: 2.5 } }, []).lastSeenDays).toEqual([3]);
  });

  it('counts any date comparison as changing with time, absolute dates too', () => {
    expect(audienceFacts({ trait: 'renewal', op: 'before', value: '2027-01-01' }, []).timeBased).toBe(true);
    expect(audienceFacts({ account: 'trialEnds', op: 'after', value: '+3d' }, []).timeBased).toBe(true);
    expect(audienceFacts({ trait: 'plan', op: 'eq', value: 'free' }, []).timeBased).toBe(false);
  });

  it("counts any account condition as time-based: a group call changes only the calling person, not the account's other users", () => {
    expect(audienceFacts({ account: 'plan', op: 'eq', value: 'enterprise' }, []).timeBased).toBe(true);
    expect(audienceFacts('s', [{ id: 's', any: [{ account: 'seats', op: 'gt', value: 10 }] } as never]).timeBased).toBe(true);
  });
});
