/**
 * `pnpm bench`: the cost of evaluating every audience of a large content document for one
 * user, as the engine does when it decides what may show: 200 items (flows and messages)
 * over 50 segments, segments referring to segments, events counted over windows.
 */
import { audienceFailure, segmentsOf, type Condition, type Segment, type TargetingContext } from '../src/index.js';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const segments: Segment[] = Array.from({ length: 50 }, (_, i) => ({
  id: `s${i}`,
  all: [
    { trait: 'plan', op: 'in', value: ['free', 'team', `p${i}`] },
    { account: 'arr', op: 'gte', value: i * 1000 },
    { event: `Event ${i % 20}`, count: { op: 'gte', value: i % 4 }, withinDays: 30 },
    ...(i > 0 ? [{ any: [{ segment: `s${i - 1}` }, { trait: 'role', op: 'eq', value: 'admin' }] } as Condition] : []),
  ],
}));
const audiences: Condition[] = Array.from({ length: 200 }, (_, i) => ({
  all: [{ segment: `s${i % 50}` }, { url: `/app/${i % 7}/*` }, { not: { trait: 'signedUp', op: 'before', value: '2025-01-01' } }],
}));
const counts = new Map(Array.from({ length: 20 }, (_, i) => [`Event ${i}`, i]));
const context: TargetingContext = {
  traits: { plan: 'team', role: 'admin', signedUp: '2025-06-01' },
  account: { arr: 30000, tier: 'mid' },
  url: 'https://app.example.com/app/3/reports',
  now: NOW,
  eventCount: (e) => counts.get(e) ?? 0,
  featureUsed: () => false,
};

function evaluateAll(): number {
  // A fresh segment cache per evaluation: the engine builds one per decision.
  const s = segmentsOf(segments);
  let shown = 0;
  for (const a of audiences) if (audienceFailure(a, context, s) === null) shown++;
  return shown;
}

for (let i = 0; i < 200; i++) evaluateAll(); // warm up the JIT
const runs = 2000;
const start = process.hrtime.bigint();
let shown = 0;
for (let i = 0; i < runs; i++) shown = evaluateAll();
const micros = Number(process.hrtime.bigint() - start) / 1000 / runs;
console.log(`\nTargeting: 200 audiences over 50 segments, one full evaluation`);
console.log(`  ${micros.toFixed(1)} µs per evaluation (${shown} of 200 match; mean of ${runs} runs)`);
