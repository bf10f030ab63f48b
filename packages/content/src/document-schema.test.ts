import { describe, expect, it } from 'vitest';
import { validateContent } from './document-schema.js';

const flow = (steps: unknown[], extra: Record<string, unknown> = {}) => ({ id: 'welcome', steps, ...extra });

describe('validateContent', () => {
  it('accepts the contract example\'s flow and keeps sections it does not model yet', () => {
    const doc = {
      version: 1,
      settings: { throttle: { maxPerSession: 2, minMinutesBetween: 10 }, theme: { accent: '#4f46e5', mode: 'auto' }, locale: 'en' },
      flows: [
        flow(
          [
            { id: 'add', target: '.new-todo', placement: 'bottom', title: 'Add your first todo', body: 'Type and press **Enter**.', advance: { event: 'Todo Added' } },
            { id: 'done', title: { en: 'All set', ja: '完了' }, body: "That's it." },
          ],
          { name: 'Welcome tour', audience: 'free-admins', trigger: { on: 'page', url: '/app/*' }, repeat: 'once', priority: 10 },
        ),
      ],
      messages: [{ id: 'x' }],
    };
    expect(validateContent(doc)).toEqual({ ok: true, document: doc });
  });

  it('names the JSON path of every error', () => {
    const result = validateContent({
      version: 2,
      flows: [
        flow([{ id: 'a', target: '', placement: 'middle', advnce: 'button' }], { trigger: { on: 'page' } }),
        { id: 'bad id!', steps: [] },
      ],
      settings: { theme: { accent: 'red; background: url(x)' } },
    });
    expect(result.ok).toBe(false);
    const paths = !result.ok ? result.errors.map((e) => e.path) : [];
    expect(paths).toEqual(
      expect.arrayContaining([
        'version',
        'flows[0].steps[0].target',
        'flows[0].steps[0].placement',
        'flows[0].steps[0]',
        'flows[0].trigger.url',
        'flows[1].id',
        'flows[1].steps',
        'settings.theme.accent',
      ]),
    );
    const unknownKey = !result.ok && result.errors.find((e) => e.path === 'flows[0].steps[0]');
    expect(unknownKey && unknownKey.message).toContain('advnce');
  });

  it('refuses duplicate ids and script URLs in media', () => {
    const result = validateContent({
      version: 1,
      flows: [flow([{ id: 's' }, { id: 's', image: 'javascript:alert(1)' }]), flow([{ id: 't' }])],
    });
    expect(!result.ok && result.errors).toEqual([{ path: 'flows[0].steps[1].image', message: 'must be an http(s) URL or a relative path' }]);
    const dupes = validateContent({ version: 1, flows: [flow([{ id: 's' }, { id: 's' }]), flow([{ id: 't' }])] });
    expect(!dupes.ok && dupes.errors).toEqual([
      { path: 'flows[1].id', message: 'duplicate flow id "welcome"' },
      { path: 'flows[0].steps[1].id', message: 'duplicate step id "s" in flow "welcome"' },
    ]);
  });
});
