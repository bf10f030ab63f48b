// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { editorStrings } from '../editor/strings.js';
import { editorJa } from '../editor/strings-ja.js';
import { teamEn } from '../team/strings.js';
import { teamJa } from '../team/team-ja.js';
import { journeyJa } from '../journeys/journey-ja.js';
import { journeyEn } from '../journeys/journey-strings.js';
import { en } from './en.js';
import { ja } from './ja.js';
import { applyLocale, currentLocale, dateTime, day, fmt, num, parts, pct, pickLocale, rememberLocale, storedLocale, t } from './locale.js';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

/** Every string of a table of words, with its key path (nested tables such as the editor's operators included). */
function leaves(o: object, prefix = ''): Array<[string, string]> {
  return Object.entries(o).flatMap(([k, v]) => (typeof v === 'string' ? [[prefix + k, v] as [string, string]] : leaves(v as object, `${prefix}${k}.`)));
}

afterEach(async () => {
  localStorage.clear();
  await applyLocale('en');
});

describe('the dashboard speaks English and Japanese', () => {
  it.each([
    ['pages', en, ja],
    ['editor', editorStrings('en'), editorJa],
    ['team pages', teamEn, teamJa],
    ['journeys', journeyEn, journeyJa],
  ])('every key of the %s has both languages, with the same placeholders', (_, english, japanese) => {
    const jaWords = new Map(leaves(japanese));
    for (const [key, text] of leaves(english)) {
      expect(jaWords.has(key), `${key} has no Japanese`).toBe(true);
      // `lang` is a language code, the same word in both.
      if (key === 'lang') continue;
      expect(jaWords.get(key), `${key} is empty in Japanese`).not.toBe('');
      expect(placeholders(jaWords.get(key)!), `${key}'s placeholders`).toEqual(placeholders(text));
      jaWords.delete(key);
    }
    expect([...jaWords.keys()].filter((k) => k !== 'lang')).toEqual([]);
  });

  it('picks the first of the browser languages it speaks, English otherwise; a stored choice wins', () => {
    expect(pickLocale(['ja-JP', 'en-US'])).toBe('ja');
    expect(pickLocale(['fr-FR', 'JA'])).toBe('ja');
    expect(pickLocale(['en-GB', 'ja-JP'])).toBe('en');
    expect(pickLocale(['fr-FR', 'de'])).toBe('en');
    expect(pickLocale([])).toBe('en');
    expect(pickLocale(['ja-JP'], 'en')).toBe('en');
    expect(pickLocale(['en-US'], 'ja')).toBe('ja');
    // A stored value we do not speak (an older or a hand-edited one) is passed over.
    expect(pickLocale(['ja-JP'], 'xx')).toBe('ja');
    expect(storedLocale()).toBeNull();
    rememberLocale('ja');
    expect(storedLocale()).toBe('ja');
    expect(pickLocale(['en-US'], storedLocale())).toBe('ja');
  });

  it('switches every string, the number format and <html lang> at once, and back', async () => {
    await applyLocale('ja');
    expect([currentLocale(), document.documentElement.lang, t.saveDraft, t.adoption]).toEqual(['ja', 'ja', '下書きを保存', '導入率']);
    expect(dateTime('2026-11-27T14:05:00Z')).toBe('2026/11/27 14:05 UTC');
    expect(day('2026-11-27')).toBe('2026/11/27');
    await applyLocale('en');
    expect([currentLocale(), document.documentElement.lang, t.saveDraft, t.adoption]).toEqual(['en', 'en', 'Save draft', 'Adoption']);
    expect(num(12345)).toBe('12,345');
    expect([pct(0.055), pct(0.5), pct(2, true), pct(-0.2, true), pct(0, true)]).toEqual(['5.5%', '50%', '+200%', '-20%', '0.0%']);
    expect(dateTime('2026-11-27T14:05:00Z')).toBe('27 Nov 2026, 14:05 UTC');
    expect(day('2026-11-27T23:59:00Z')).toBe('27 Nov 2026');
  });

  it('fills placeholders as text: markup in a value stays text, and an element stays an element', () => {
    expect(fmt('Step {n}: {id}', { n: 2, id: '<b>x</b>' })).toBe('Step 2: <b>x</b>');
    expect(fmt('{missing} stays', {})).toBe('{missing} stays');
    const code = { tag: 'code' };
    expect(parts('It starts with {sk} here.', { sk: code })).toEqual(['It starts with ', code, ' here.']);
  });
});
