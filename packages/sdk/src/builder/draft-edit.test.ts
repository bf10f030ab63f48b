import type { ContentDocument } from '@touchpoint/content';
import { validateContent } from '@touchpoint/content';
import { describe, expect, it } from 'vitest';
import { applyChange, freshId } from './draft-edit.js';

const doc: ContentDocument = {
  version: 1,
  flows: [
    {
      id: 'welcome',
      steps: [
        { id: 'a', title: 'A' },
        { id: 'b', title: 'B', target: '#b' },
        { id: 'c', title: 'C' },
      ],
    },
  ],
  messages: [{ id: 'news', kind: 'modal', title: 'News', cta: { label: 'Go', action: { url: '/new' } } }],
};
const onFlow = { tab: 'flows' as const, flowId: 'welcome', step: 1 };
const onMessage = { tab: 'messages' as const, messageId: 'news', step: 0 };
const ids = (d: ContentDocument) => d.flows![0]!.steps.map((s) => s.id);

describe('applyChange', () => {
  it('adds a step after the selected one, with a fresh id, and selects it', () => {
    const { doc: next, selection } = applyChange(doc, onFlow, { kind: 'addStep' });
    expect(ids(next)).toEqual(['a', 'b', 'step-4', 'c']);
    expect(selection.step).toBe(2);
    expect(ids(doc)).toEqual(['a', 'b', 'c']);
  });

  it('reorders steps, and the selection follows the moved step', () => {
    const { doc: next, selection } = applyChange(doc, onFlow, { kind: 'moveStep', from: 1, to: 0 });
    expect(ids(next)).toEqual(['b', 'a', 'c']);
    expect(selection.step).toBe(0);
    expect(applyChange(doc, onFlow, { kind: 'moveStep', from: 2, to: 3 }).doc).toBe(doc);
  });

  it('deletes a step but never the last one', () => {
    const { doc: next, selection } = applyChange(doc, { ...onFlow, step: 2 }, { kind: 'deleteStep', index: 2 });
    expect(ids(next)).toEqual(['a', 'b']);
    expect(selection.step).toBe(1);
    const one: ContentDocument = { version: 1, flows: [{ id: 'f', steps: [{ id: 'only' }] }] };
    expect(applyChange(one, { tab: 'flows', flowId: 'f', step: 0 }, { kind: 'deleteStep', index: 0 }).doc).toBe(one);
  });

  it('edits the selected step; empty fields leave it (a centred step has no target)', () => {
    const { doc: next } = applyChange(doc, onFlow, { kind: 'step', patch: { title: 'Bee', target: '', advance: { click: true } } });
    expect(next.flows![0]!.steps[1]).toEqual({ id: 'b', title: 'Bee', advance: { click: true } });
  });

  it('adds a copy experiment to a message: the own copy and a variant, valid as saved', () => {
    const { doc: next, selection } = applyChange(doc, onMessage, { kind: 'addVariant' });
    const x = next.messages![0]!.experiment!;
    expect(x.variants.map((v) => [v.id, v.weight])).toEqual([
      ['a', 50],
      ['b', 50],
    ]);
    expect(x.variants[1]!.content).toEqual({ title: 'News', cta: { label: 'Go', action: { url: '/new' } } });
    expect(selection.variant).toBe('b');
    const edited = applyChange(next, selection, { kind: 'variant', id: 'b', weight: 30, copy: { title: 'Big news' } }).doc;
    expect(edited.messages![0]!.experiment!.variants[1]).toMatchObject({ weight: 30, content: { title: 'Big news' } });
    expect(validateContent(edited).ok).toBe(true);
  });

  it("varies a flow's copy step by step", () => {
    const withX = applyChange(doc, onFlow, { kind: 'addVariant' });
    const edited = applyChange(withX.doc, withX.selection, { kind: 'variant', id: 'b', copy: { title: 'Bee!' } }).doc;
    expect(edited.flows![0]!.experiment!.variants[1]).toEqual({ id: 'b', weight: 50, steps: { b: { title: 'Bee!' } } });
    expect(validateContent(edited).ok).toBe(true);
  });

  it('adds tours and messages with fresh ids, valid as saved', () => {
    let next = applyChange(doc, onFlow, { kind: 'addFlow' });
    next = applyChange(next.doc, next.selection, { kind: 'addFlow' });
    expect(next.doc.flows!.map((f) => f.id)).toEqual(['welcome', 'new-tour', 'new-tour-2']);
    const m = applyChange(next.doc, next.selection, { kind: 'addMessage', messageKind: 'banner' });
    expect(m.selection).toEqual({ tab: 'messages', messageId: 'new-banner', step: 0 });
    expect(validateContent(m.doc).ok).toBe(true);
    expect(freshId('x', ['x', 'x-2'])).toBe('x-3');
  });
});

describe('target selectors with fallbacks', () => {
  it('sets the selected step’s target list: one selector as a string, several as the list in order, none removes it', () => {
    const set = (selectors: string[]) => applyChange(doc, onFlow, { kind: 'target', selectors }).doc.flows![0]!.steps[1]!.target;
    expect(set(['#b', '[data-tour="b"]', '.b'])).toEqual(['#b', '[data-tour="b"]', '.b']);
    expect(set(['[data-tour="b"]'])).toBe('[data-tour="b"]');
    expect(set([])).toBeUndefined();
    expect(set([''])).toBeUndefined();
    // A fallback being typed stays in its place (the validator names it when saved empty).
    expect(set(['#b', ''])).toEqual(['#b', '']);
    const withFallbacks = applyChange(doc, onFlow, { kind: 'target', selectors: ['#b', '.b'] }).doc;
    expect(validateContent(withFallbacks).ok).toBe(true);
  });

  it('sets a message’s target list the same way', () => {
    const tooltip: ContentDocument = { version: 1, messages: [{ id: 'tip', kind: 'tooltip', title: 'T', target: '#a' }] };
    const sel = { tab: 'messages' as const, messageId: 'tip', step: 0 };
    expect(applyChange(tooltip, sel, { kind: 'target', selectors: ['#a', '#fallback'] }).doc.messages![0]!.target).toEqual(['#a', '#fallback']);
  });
});
