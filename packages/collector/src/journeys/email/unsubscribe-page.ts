import { localize, type LocalizedText } from '@touchpoint/content';
import { escapeHtml } from './markdown-email.js';

/** What the unsubscribe page says: asks to confirm (with the button that POSTs), confirms it is done, or refuses a bad link. */
export type UnsubscribePageState = 'confirm' | 'done' | 'invalid';

const WORDS: Record<UnsubscribePageState, { title: LocalizedText; text: LocalizedText }> = {
  confirm: {
    title: { en: 'Unsubscribe', ja: '配信停止' },
    text: { en: 'Stop receiving these emails?', ja: 'これらのメールの配信を停止しますか？' },
  },
  done: {
    title: { en: 'You are unsubscribed', ja: '配信を停止しました' },
    text: { en: 'You will get no more of these emails.', ja: '今後これらのメールは届きません。' },
  },
  invalid: {
    title: { en: 'This link is not valid', ja: 'このリンクは無効です' },
    text: {
      en: 'The unsubscribe link may have been cut or changed. Open the whole link from the email, or use the unsubscribe button of your mail app.',
      ja: '配信停止リンクが途中で切れているか、変更されている可能性があります。メール内のリンクをそのまま開くか、メールアプリの配信停止ボタンをお使いください。',
    },
  },
};
const BUTTON: LocalizedText = { en: 'Unsubscribe', ja: '配信を停止する' };

/** The page's language from `Accept-Language`: the preferred of English and Japanese, English when neither is asked for. */
export function pageLanguage(acceptLanguage: string | undefined): 'en' | 'ja' {
  const wanted = (acceptLanguage ?? '')
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = Number(
        params
          .find((p) => p.trim().startsWith('q='))
          ?.trim()
          .slice(2) ?? 1,
      );
      return { language: tag.split('-')[0]!, q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((w) => w.q > 0 && (w.language === 'en' || w.language === 'ja'))
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return (wanted[0]?.language as 'en' | 'ja' | undefined) ?? 'en';
}

/**
 * The page a person sees on opening an unsubscribe link: small, self-contained (no script,
 * no outside resource), in their language. Opening the link changes nothing (mail scanners
 * open links): the button POSTs to the same URL, as a mail client's one-click does.
 */
export function unsubscribePage(state: UnsubscribePageState, lang: 'en' | 'ja'): string {
  const say = (text: LocalizedText) => escapeHtml(localize(text, lang)!);
  const title = say(WORDS[state].title);
  const form =
    state === 'confirm'
      ? `<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">${say(BUTTON)}</button></form>`
      : '';
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><meta name="robots" content="noindex"><title>${title}</title>
<style>body{font:16px/1.5 system-ui,-apple-system,sans-serif;color:#1f2937;max-width:32rem;margin:4rem auto;padding:0 1rem}button{font:inherit;padding:.5rem 1rem;border:0;border-radius:.375rem;background:#4f46e5;color:#fff;cursor:pointer}button:focus-visible{outline:3px solid #a5b4fc;outline-offset:2px}</style>
</head><body><main><h1>${title}</h1><p>${say(WORDS[state].text)}</p>${form}</main></body></html>`;
}
