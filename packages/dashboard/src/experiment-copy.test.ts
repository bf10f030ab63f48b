import { describe, expect, it } from 'vitest';
import { experimentCopy } from './experiment-copy.js';

describe('experiment copy', () => {
  it('a message variant: the message with the variant content over it, localized, Markdown as plain text, long text cut', () => {
    const doc = {
      settings: { locale: 'ja' },
      messages: [
        { id: 'other', title: 'Not this one' },
        {
          id: 'export-news',
          title: 'Export',
          body: 'Read **all** about [it](https://example.com).',
          experiment: {
            id: 'export-copy',
            variants: [
              { id: 'a', content: { title: { en: 'Export is here', ja: 'エクスポート' }, cta: { label: 'Try it' } } },
              { id: 'b', content: { body: 'x'.repeat(200) } },
            ],
          },
        },
      ],
    };
    const copy = experimentCopy(doc, 'export-copy');
    expect(copy.get('control')).toEqual([{ label: 'Control', text: 'sees nothing (held out)' }]);
    expect(copy.get('a')).toEqual([
      { label: 'Title', text: 'エクスポート' },
      { label: 'Body', text: 'Read all about it.' },
      { label: 'Button', text: 'Try it' },
    ]);
    expect(copy.get('b')).toEqual([
      { label: 'Title', text: 'Export' },
      { label: 'Body', text: `${'x'.repeat(139)}…` },
    ]);
  });

  it('reads Markdown and locales as the SDK shows them (one parser, one localize)', () => {
    const doc = {
      settings: { locale: 'pt-BR' },
      messages: [
        {
          id: 'tips',
          title: { en: 'Tips', pt: 'Dicas' },
          body: '- use \\*stars\\* and snake_case_names\n- [read more](javascript:alert(1)) now',
          experiment: { id: 'tips-copy', variants: [{ id: 'a' }] },
        },
      ],
    };
    expect(experimentCopy(doc, 'tips-copy').get('a')).toEqual([
      { label: 'Title', text: 'Dicas' },
      { label: 'Body', text: 'use *stars* and snake_case_names read more now' },
    ]);
  });

  it("a flow variant: the copy it replaces, step by step in the flow's order", () => {
    const doc = {
      flows: [
        {
          id: 'welcome',
          steps: [
            { id: 'hello', title: 'Welcome', body: 'Hi' },
            { id: 'add', title: 'Add' },
          ],
          experiment: { id: 'tour-copy', variants: [{ id: 'short', steps: { add: { body: 'Type it' }, hello: { title: 'Quick start' } } }, { id: 'same' }] },
        },
      ],
    };
    const copy = experimentCopy(doc, 'tour-copy');
    expect(copy.get('short')).toEqual([
      { label: 'Step hello · Title', text: 'Quick start' },
      { label: 'Step add · Body', text: 'Type it' },
    ]);
    expect(copy.get('same')).toEqual([]);
    expect(experimentCopy(doc, 'unknown').size).toBe(1);
  });
});
