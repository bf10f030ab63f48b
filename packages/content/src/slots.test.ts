import { describe, expect, it } from 'vitest';
import { contentKind, slotOf } from './slots.js';

describe('slots: which kinds share the screen', () => {
  it('puts tours, modals, surveys, tooltips and hotspots in one slot; banners and slideouts each in their own', () => {
    expect(slotOf({ id: 'tour', steps: [] })).toBe('main');
    expect(slotOf({ id: 'nps', kind: 'nps', question: 'How likely…' })).toBe('main');
    for (const kind of ['modal', 'tooltip', 'hotspot']) expect(slotOf({ kind })).toBe('main');
    expect(slotOf({ kind: 'banner' })).toBe('banner');
    expect(slotOf({ kind: 'slideout' })).toBe('corner');
  });

  it('tells a survey (whose kinds are its own) from a message, and falls back to main for a kind it does not know', () => {
    expect(contentKind({ kind: 'choice', question: 'Why?' })).toBe('survey');
    expect(contentKind({ kind: 'banner' })).toBe('banner');
    expect(slotOf({ kind: 'billboard' })).toBe('main');
  });
});
