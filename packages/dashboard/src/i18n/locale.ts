import { en } from './en.js';

/**
 * The dashboard's language, for every page and the content editor alike: English or Japanese,
 * the first of the browser's languages we speak (`ja-JP` → `ja`), unless the user picked one
 * with the switch in the header (remembered in this browser). English ships in the main
 * bundle; Japanese is a chunk fetched only when it is picked.
 */
export type Locale = 'en' | 'ja';

/** Every word of the dashboard's pages: each language gives all of them (a missing one is a type error). */
export type Strings = typeof en;

/** The languages of the switch, each named in itself. */
export const LANGUAGES: ReadonlyArray<{ locale: Locale; name: string }> = [
  { locale: 'en', name: 'English' },
  { locale: 'ja', name: '日本語' },
];

const KEY = 'tp.dashboard.locale';

/** The stored choice first, then `languages` in order; the first we speak, English otherwise. */
export function pickLocale(languages: readonly string[], stored?: string | null): Locale {
  for (const l of stored ? [stored, ...languages] : languages) {
    const base = l.toLowerCase().split('-')[0];
    if (base === 'en' || base === 'ja') return base;
  }
  return 'en';
}

/** The language picked with the switch in this browser, if any. */
export function storedLocale(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

/** Remembers the switch's choice (only when the user picks: the dashboard stores nothing otherwise). */
export function rememberLocale(locale: Locale): void {
  try {
    localStorage.setItem(KEY, locale);
  } catch {
    // Not remembered: the browser's languages decide next time.
  }
}

/**
 * The current strings. One object, its words replaced in place when the language changes, so
 * every module reads `t.key` without a hook; the app re-renders from its root after a change.
 */
export const t: Strings = { ...en };

let current: Locale = 'en';

/** The Japanese chunk, once fetched: the pages' words and the editor's. */
let loadedJapanese: typeof import('./ja.js') | undefined;

/** The Japanese chunk if it was fetched (it is whenever the dashboard speaks Japanese). */
export const japanese = () => loadedJapanese;

/** The language the dashboard speaks now. */
export const currentLocale = (): Locale => current;

/**
 * Switches every string, the number and date formats and `<html lang>` to `locale`, fetching
 * the Japanese chunk the first time. Rejects (and changes nothing) when that chunk cannot load.
 */
export async function applyLocale(locale: Locale): Promise<void> {
  if (locale === 'ja') loadedJapanese ??= await import('./ja.js');
  Object.assign(t, locale === 'ja' ? loadedJapanese!.ja : en);
  current = locale;
  document.documentElement.lang = locale;
}

/** Fills `{name}` placeholders. Text in, text out: the result is rendered as text, never HTML. */
export function fmt(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
}

/** A count in the current language's format: 12,345. */
export const num = (x: number): string => x.toLocaleString(current);

/** A share in the current language's format, one decimal under 10%: 5.5%, 12%, +200% when `signed`. */
export function pct(x: number, signed = false): string {
  const digits = Math.abs(x) < 0.1 ? 1 : 0;
  return x.toLocaleString(current, {
    style: 'percent',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    signDisplay: signed ? 'exceptZero' : 'auto',
  });
}

/** `one` for 1, `other` for any other count, with `{n}` filled (Japanese has one form for both). */
export const plural = (n: number, one: string, other: string): string => fmt(n === 1 ? one : other, { n: num(n) });

/** A UTC day (`2026-11-27`, or a moment's day), as the current language writes a date: 27 Nov 2026, 2026/11/27. */
export const day = (iso: string): string =>
  new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso).toLocaleDateString(current === 'en' ? 'en-GB' : current, { dateStyle: 'medium', timeZone: 'UTC' });

/** A moment in UTC, as the current language writes a date and time (27 Nov 2026, 14:05 UTC). */
export const dateTime = (iso: string): string =>
  `${new Date(iso).toLocaleString(current === 'en' ? 'en-GB' : current, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })} UTC`;

/**
 * Fills `{name}` placeholders with values that may be elements (a `<code>` inside a sentence):
 * the template's words stay text nodes, so a translation can move the element but never
 * inject markup.
 */
export function parts<T>(template: string, values: Record<string, T>): Array<string | T> {
  return template.split(/\{(\w+)\}/).map((s, i) => (i % 2 ? (values[s] ?? `{${s}}`) : s));
}
