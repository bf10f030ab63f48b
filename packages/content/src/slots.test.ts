import { describe, expect, it } from 'vitest';
import { contentKind, slotOf } from './slots.js';

describe('slots: which kinds share the screen', () => {
  it('puts tours, modals and surveys in one slot; hints (tooltips, hotspots), banners and slideouts each in their own', () => {
    expect(slotOf({ id: 'tour', steps: [] })).toBe('main');
    expect(slotOf({ id: 'nps', kind: 'nps', question: 'How likely…' })).toBe('main');
    expect(slotOf({ kind: 'modal' })).toBe('main');
    for (const kind of ['tooltip', 'hotspot']) expect(slotOf({ kind })).toBe('hint');
    expect(slotOf({ kind: 'banner' })).toBe('banner');
    expect(slotOf({ kind: 'slideout' })).toBe('corner');
  });

  it('tells a flow, a survey (whose kinds are its own) and a message apart, and falls back to main for a kind it does not know', () => {
    expect(contentKind({ id: 'tour', steps: [] })).toBe('flow');
    expect(contentKind({ kind: 'choice', question: 'Why?' })).toBe('survey');
    expect(contentKind({ kind: 'banner' })).toBe('message');
    expect(slotOf({ kind: 'billboard' })).toBe('main');
  });
});
