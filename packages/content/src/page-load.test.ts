import { describe, expect, it } from 'vitest';
import type { ContentDocument } from './document.js';
import { showsOnPageLoad } from './page-load.js';

const step = [{ id: 's', title: 'T' }];

describe('showsOnPageLoad', () => {
  it('is true for a flow, a message or a survey with a page trigger, on any URL', () => {
    expect(showsOnPageLoad({ version: 1, flows: [{ id: 'f', trigger: { on: 'page', url: '/billing' }, steps: step }] })).toBe(true);
    expect(showsOnPageLoad({ version: 1, messages: [{ id: 'm', kind: 'banner', title: 'Hi', trigger: { on: 'page' } }] } as ContentDocument)).toBe(true);
    expect(showsOnPageLoad({ version: 1, surveys: [{ id: 's', kind: 'nps', question: 'Q', trigger: { on: 'page' } }] } as ContentDocument)).toBe(true);
  });

  it('is false when everything waits for something else (a call, an event, a click, a delay), and for nothing or a broken document', () => {
    const doc = {
      version: 1,
      flows: [
        { id: 'a', trigger: { on: 'manual' }, steps: step },
        { id: 'b', trigger: { on: 'event', event: 'Signed Up' }, steps: step },
        { id: 'c', trigger: { on: 'click', selector: '#help' }, steps: step },
        { id: 'd', trigger: { on: 'delay', seconds: 5 }, steps: step },
        { id: 'e', steps: step },
      ],
    } as ContentDocument;
    expect(showsOnPageLoad(doc)).toBe(false);
    expect(showsOnPageLoad(undefined)).toBe(false);
    expect(showsOnPageLoad({ version: 1 })).toBe(false);
    expect(showsOnPageLoad({ version: 1, flows: 'x', messages: [null] } as unknown as ContentDocument)).toBe(false);
  });
});
