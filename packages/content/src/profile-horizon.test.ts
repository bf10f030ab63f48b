import { describe, expect, it } from 'vitest';
import type { ContentDocument } from './document.js';
import { profileHorizons } from './profile-horizon.js';

describe('profileHorizons', () => {
  it('names each event that a published condition counts over more than the profile’s 400 days, with its longest window', () => {
    const doc: ContentDocument = {
      version: 1,
      features: [
        { id: 'export', event: 'Report Exported' },
        { id: 'add-todo', selector: '.new-todo' },
      ],
      segments: [
        {
          id: 'veterans',
          all: [
            { event: 'Todo Added', withinDays: 730 },
            {
              not: {
                any: [
                  { event: 'Todo Added', withinDays: 1000 },
                  { event: 'Short', withinDays: 400 },
                ],
              },
            },
          ],
        },
      ],
      flows: [{ id: 'tour', audience: { feature: 'export', withinDays: 500.5 }, steps: [{ id: 'a' }] }],
      messages: [
        {
          id: 'm',
          kind: 'modal',
          audience: {
            any: [
              { event: 'Signed Up', withinDays: 3650 },
              { feature: 'add-todo', withinDays: 900 },
            ],
          },
        },
      ],
      surveys: [{ id: 'nps', kind: 'nps', question: 'Q', audience: 'veterans' }],
      checklists: [
        {
          id: 'c',
          title: 'C',
          audience: { event: 'Opened', withinDays: 401 },
          items: [
            { id: 'i', title: 'I', done: { all: [{ event: 'Invited', withinDays: 450 }, { event: 'Ever' }] } },
            { id: 'j', title: 'J', done: { flow: 'tour' } },
          ],
        },
      ],
    };
    // A feature's own event needs the window; Feature Used needs none (the profile keeps its last time).
    expect(Object.fromEntries(profileHorizons(doc))).toEqual({ 'Todo Added': 1000, 'Report Exported': 500.5, 'Signed Up': 3650, Opened: 401, Invited: 450 });
    expect(profileHorizons(undefined).size).toBe(0);
  });
});
