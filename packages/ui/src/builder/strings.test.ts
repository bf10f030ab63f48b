import { describe, expect, it } from 'vitest';
import { builderLocale, en, fmt, speak, t } from './strings.js';

describe('the builder panel’s language', () => {
  it('is the first of the browser’s languages it speaks, English otherwise', () => {
    expect(builderLocale(['ja-JP', 'en-US'])).toBe('ja');
    expect(builderLocale(['fr-FR', 'ja'])).toBe('ja');
    expect(builderLocale(['en-GB', 'ja-JP'])).toBe('en');
    expect(builderLocale(['de', 'fr'])).toBe('en');
    expect(builderLocale([])).toBe('en');
  });

  it('switches every word, placeholders kept, and back', async () => {
    expect(await speak('ja')).toBe('ja');
    expect(t.saveDraft).toBe('下書きを保存');
    expect(fmt(t.fallbackN, { n: 2 })).toBe('代替 2');
    const { ja } = await import('./strings-ja.js');
    for (const [key, text] of Object.entries(en))
      if (typeof text === 'string') expect(ja[key as keyof typeof ja].toString().match(/\{\w+\}/g), key).toEqual(text.match(/\{\w+\}/g));
    expect(await speak('en')).toBe('en');
    expect(t.saveDraft).toBe('Save draft');
  });
});
