import { describe, expect, it } from 'vitest';
import type { ContentDocument } from './document.js';
import { pageLoadShows } from './page-load.js';

const step = [{ id: 's', title: 'T' }];
const item = [{ id: 'i', title: 'Do it' }];

describe('pageLoadShows', () => {
  it('names each kind with a page trigger (on any URL) or a delay, and the dock of a checklist or of articles, in a fixed order', () => {
    expect(pageLoadShows({ version: 1, flows: [{ id: 'f', trigger: { on: 'page', url: '/billing' }, steps: step }] })).toEqual(['steps']);
    expect(pageLoadShows({ version: 1, flows: [{ id: 'f', trigger: { on: 'delay', seconds: 0 }, steps: step }] })).toEqual(['steps']);
    expect(pageLoadShows({ version: 1, surveys: [{ id: 's', kind: 'nps', question: 'Q', trigger: { on: 'delay', seconds: 3 } }] } as ContentDocument)).toEqual([
      'surveys',
    ]);
    // A tooltip or a hotspot message is drawn as a step; a modal, banner or slideout by the messages chunk.
    expect(
      pageLoadShows({ version: 1, messages: [{ id: 'h', kind: 'hotspot', title: 'New', target: '#x', trigger: { on: 'page' } }] } as ContentDocument),
    ).toEqual(['steps']);
    expect(pageLoadShows({ version: 1, messages: [{ id: 'm', kind: 'banner', title: 'Hi', trigger: { on: 'page' } }] } as ContentDocument)).toEqual([
      'messages',
    ]);
    expect(pageLoadShows({ version: 1, surveys: [{ id: 's', kind: 'nps', question: 'Q', trigger: { on: 'page' } }] } as ContentDocument)).toEqual(['surveys']);
    // A checklist for any audience, a resource center with articles: the dock shows on every page.
    expect(
      pageLoadShows({
        version: 1,
        checklists: [{ id: 'c', title: 'Start', audience: { trait: 'plan', op: 'eq', value: 'pro' }, items: item }],
      } as ContentDocument),
    ).toEqual(['dock']);
    expect(pageLoadShows({ version: 1, resources: { articles: [{ id: 'a', title: 'A', body: 'B' }] } })).toEqual(['dock']);
    const all = {
      version: 1,
      resources: { articles: [{ id: 'a', title: 'A', body: 'B' }] },
      surveys: [{ id: 's', kind: 'nps', question: 'Q', trigger: { on: 'page' } }],
      messages: [
        { id: 'later', kind: 'modal', title: 'Hi', trigger: { on: 'manual' } },
        { id: 'm', kind: 'modal', title: 'Hi', trigger: { on: 'page', url: '/x' } },
      ],
      flows: [{ id: 'f', trigger: { on: 'page', url: '/' }, steps: step }],
    } as ContentDocument;
    expect(pageLoadShows(all)).toEqual(['steps', 'messages', 'surveys', 'dock']);
  });

  it('is empty when everything waits for something else (a call, an event, a click, a longer delay), and for nothing or a broken document', () => {
    const doc = {
      version: 1,
      flows: [
        { id: 'a', trigger: { on: 'manual' }, steps: step },
        { id: 'b', trigger: { on: 'event', event: 'Signed Up' }, steps: step },
        { id: 'c', trigger: { on: 'click', selector: '#help' }, steps: step },
        { id: 'd', trigger: { on: 'delay', seconds: 3.5 }, steps: step },
        { id: 'f', trigger: { on: 'delay' }, steps: step },
        { id: 'e', steps: step },
      ],
      checklists: [],
      resources: { articles: [] },
    } as ContentDocument;
    expect(pageLoadShows(doc)).toEqual([]);
    expect(pageLoadShows(undefined)).toEqual([]);
    expect(pageLoadShows({ version: 1 })).toEqual([]);
    expect(
      pageLoadShows({ version: 1, flows: 'x', messages: [null], surveys: [{ trigger: null }], resources: null, checklists: {} } as unknown as ContentDocument),
    ).toEqual([]);
  });
});
