// A base no page has: a relative URL that resolves onto its origin stays on the page's site.
const BASE = 'http://h.invalid';

/**
 * Whether following `url` from a page is safe: it names one of `schemes` outright
 * (`https://…`, `mailto:…`), or it is a relative URL (starting with `/`, `.`, `?` or `#`)
 * that stays on the page's own site. Both are decided by the WHATWG URL parser, as the
 * browser will decide them, so what only looks relative is refused: `//evil.example`,
 * `/\evil.example` and `/<tab>/evil.example` all lead to evil.example. Leading and trailing
 * whitespace is ignored, as browsers ignore it.
 *
 * @param schemes the schemes allowed outright @default http:, https: and mailto:
 */
export const safeUrl = (url: string, schemes = /^(https?|mailto):/i): boolean => {
  try {
    const trimmed = url.trim();
    const parsed = new URL(trimmed, BASE);
    return schemes.test(trimmed) ? schemes.test(parsed.protocol) : /^[/.?#]/.test(trimmed) && parsed.origin === BASE;
  } catch {
    return false;
  }
};
