import { expect, it } from 'vitest';
import { segmentsReached } from './content-references.js';

const segments = [
  { id: 'lapsed', any: [{ segment: 'very-lapsed' }, { lastSeen: { op: 'gte', days: 7 } }] },
  { id: 'very-lapsed', not: { segment: 'active' } },
  { id: 'active', segment: 'lapsed' },
  { id: 'pro', trait: 'plan', op: 'eq', value: 'pro' },
  { id: 'admins', trait: 'role', op: 'in', value: ['pro', 'owner'] },
];

it('finds the segments an audience reaches through segments naming segments (all, any, not), a cycle included, and nothing a value merely spells', () => {
  expect([...segmentsReached('lapsed', segments)].sort()).toEqual(['active', 'lapsed', 'very-lapsed']);
  expect([...segmentsReached({ all: [{ segment: 'pro' }, { trait: 'plan', op: 'eq', value: 'lapsed' }] }, segments)]).toEqual(['pro']);
  // `admins` names "pro" as a trait value, not as a segment.
  expect([...segmentsReached('admins', segments)]).toEqual(['admins']);
  // Raw input of any shape: nothing reached, nothing thrown.
  expect([...segmentsReached(undefined, 'not a list')]).toEqual([]);
  expect([...segmentsReached({ any: 'oops' }, [null, 3, { id: 7 }])]).toEqual([]);
});
