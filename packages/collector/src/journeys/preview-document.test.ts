import { expect, it } from 'vitest';
import { previewDocument } from './preview-document.js';

/** An array nested `levels` deep. */
const deep = (levels: number): unknown => (levels === 0 ? [] : [deep(levels - 1)]);

it('answers a document too deep to check with that problem, never with an unchecked journey (was: 500 from the store, or a count of a bad audience)', () => {
  const journey = { id: 'j', audience: { feature: [] }, action: { webhook: 'https://x.example.com' } };
  const checked = previewDocument({ version: 1, x: deep(70) } as never, journey, undefined, {});
  expect(checked.ok).toBe(false);
  expect(!checked.ok && checked.errors).toEqual([{ path: expect.stringMatching(/^x(\[0\])+$/), message: 'is nested deeper than 64 levels' }]);
  // So deep inside the journey itself: the path is the journey's.
  const inside = previewDocument({ version: 1 }, { ...journey, audience: { all: deep(70) } }, undefined, {});
  expect(!inside.ok && inside.errors.map((e) => e.path)).toEqual([expect.stringMatching(/^journey\.audience\.all(\[0\])+$/)]);
});

it('still leaves out the problems of what the preview does not read, and checks the journey', () => {
  const checked = previewDocument(
    { version: 1, flows: [{ id: 'half', steps: 'not yet' }] } as never,
    { id: 'j', audience: { feature: [] }, action: { webhook: 'https://x.example.com' } },
    undefined,
    {},
  );
  expect(!checked.ok && checked.errors.map((e) => e.path)).toEqual(['journey.audience.feature']);
});
