import { localize, parseMarkdown, type LocalizedText } from '@touchpoint/content';
import { blocksToEmailHtml, blocksToEmailText, escapeHtml } from './markdown-email.js';

/** What an email says, as the user reads it: in one language, as HTML and as plain text. */
export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
  /** The language the email came out in (the `lang` of its HTML). */
  lang: string;
}

export interface EmailSource {
  subject: LocalizedText;
  /** In the Markdown subset of every content text field. */
  body: LocalizedText;
  /** The user's `locale` trait, when they have one. */
  locale?: string;
  /** The document's `settings.locale`. @default "en" */
  fallback?: string;
  /** The one-click unsubscribe link every journey email ends with. */
  unsubscribeUrl: string;
}

// The footer's words, localized as content is (the dashboard's languages).
const FOOTER: { unsubscribe: LocalizedText; why: LocalizedText } = {
  unsubscribe: { en: 'Unsubscribe', ja: '配信停止' },
  why: { en: 'You get this email because you use our product.', ja: 'このメールは製品をご利用の方にお送りしています。' },
};

/**
 * Renders a journey email for one user: subject and body picked by the user's locale like
 * every localized string (`localize`), the body's Markdown as escaped HTML and as plain text,
 * each ending with the unsubscribe link. The subject is one line (line breaks become spaces).
 */
export function renderEmail(source: EmailSource): RenderedEmail {
  const fallback = source.fallback ?? 'en';
  const locale = source.locale ?? fallback;
  const body = localize(source.body, locale, fallback) ?? '';
  const lang = languageOf(source.body, body, locale);
  const say = (text: LocalizedText) => localize(text, lang, 'en')!;
  const blocks = parseMarkdown(body);
  const subject = (localize(source.subject, locale, fallback) ?? '').replace(/\s*[\r\n]+\s*/g, ' ').trim();
  const url = escapeHtml(source.unsubscribeUrl);
  const html = [
    '<!doctype html>',
    `<html lang="${escapeHtml(lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="margin:0;padding:24px;font-family:system-ui,-apple-system,sans-serif;font-size:16px;line-height:1.5;color:#1f2937">',
    blocksToEmailHtml(blocks),
    `<p style="margin:32px 0 0;font-size:12px;color:#6b7280">${escapeHtml(say(FOOTER.why))} <a href="${url}" style="color:#6b7280">${escapeHtml(say(FOOTER.unsubscribe))}</a></p>`,
    '</body></html>',
  ].join('\n');
  const text = `${blocksToEmailText(blocks)}\n\n--\n${say(FOOTER.why)}\n${say(FOOTER.unsubscribe)}: ${source.unsubscribeUrl}\n`;
  return { subject, text, html, lang };
}

/** The locale whose string `localize` picked (so the HTML's `lang` is the text's, not the wish's). */
function languageOf(text: LocalizedText, picked: string, wanted: string): string {
  if (typeof text === 'string' || text[wanted] === picked) return wanted;
  return Object.keys(text).find((key) => text[key] === picked) ?? wanted;
}
