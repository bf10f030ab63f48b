import { describe, expect, it } from 'vitest';
import { freshId, getAt, move, setAt } from './doc-path.js';

describe('doc-path', () => {
  it('sets a value deep down, creating what is missing (a list for an index), sharing what is untouched', () => {
    const doc = { version: 1, features: [{ id: 'f' }] };
    const next = setAt(doc, ['flows', 0, 'steps', 0, 'id'], 'a');
    expect(next).toEqual({ version: 1, features: [{ id: 'f' }], flows: [{ steps: [{ id: 'a' }] }] });
    expect(next.features).toBe(doc.features);
    expect(doc).toEqual({ version: 1, features: [{ id: 'f' }] });
    expect(getAt(next, ['flows', 0, 'steps', 0, 'id'])).toBe('a');
    expect(getAt(next, ['flows', 3, 'steps'])).toBeUndefined();
  });

  it('undefined removes a key or a list item; an optional group left empty goes, a required one stays', () => {
    expect(setAt({ a: 1, b: 2 }, ['a'], undefined)).toEqual({ b: 2 });
    expect(setAt({ l: ['x', 'y', 'z'] }, ['l', 1], undefined)).toEqual({ l: ['x', 'z'] });
    expect(setAt({ version: 1, settings: { theme: { accent: '#fff' } } }, ['settings', 'theme', 'accent'], undefined)).toEqual({ version: 1 });
    expect(setAt({ v: [{ id: 'a', content: { title: 'x' } }] }, ['v', 0, 'content', 'title'], undefined)).toEqual({ v: [{ id: 'a', content: {} }] });
  });

  it('moves an item; fresh ids skip those taken', () => {
    expect(move(['a', 'b', 'c'], 0, 2)).toEqual(['b', 'c', 'a']);
    expect(freshId('step', ['step-1', 'step-3'])).toBe('step-2');
  });
});
