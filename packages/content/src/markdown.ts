import { safeUrl } from './safe-url.js';

/**
 * The small Markdown subset PMs write in user-facing text fields (tour step bodies,
 * message bodies). The result is plain data for the UI to turn into elements made of text
 * nodes: nothing here produces HTML, so raw HTML in the source is only ever text.
 *
 * The parser ships in the UI chunk, whose size budget is tight, so emphasis is a simplified
 * CommonMark (no "rule of three", `*` treated like `_` inside words) and the code is terse.
 * Its regular expressions are anchored or have disjoint alternatives, with no nested
 * unbounded quantifiers, so none can backtrack catastrophically; with the input capped at
 * {@link MAX_MARKDOWN_LENGTH}, the worst inputs take milliseconds.
 */

/**
 * An inline piece of formatted text. `text` nodes are never adjacent and never empty.
 * A `link` only ever carries an `http:`, `https:`, `mailto:` or same-site relative `href`.
 */
export type MarkdownInline =
  | { type: 'text'; text: string }
  | { type: 'strong'; children: MarkdownInline[] }
  | { type: 'em'; children: MarkdownInline[] }
  | { type: 'link'; href: string; children: MarkdownInline[] }
  | { type: 'break' };

/**
 * A block of formatted text: a paragraph, or a one-level list whose items are inline
 * content. `start` is the number of an ordered list's first item, and 1 for unordered lists.
 */
export type MarkdownBlock = { type: 'paragraph'; children: MarkdownInline[] } | { type: 'list'; ordered: boolean; start: number; items: MarkdownInline[][] };

/** Longest source parsed: longer input is truncated first, which bounds the parser's work. */
export const MAX_MARKDOWN_LENGTH = 10_000;

// Groups: trimmed line (1), list marker (3), ordered start (4), content after the marker (5).
const LINE = /^[ \t]*((([-*+]|(\d{1,9})[.)])[ \t]+(?=[^ \t]))?(.*[^ \t])?)/s;
// Groups: escaped character (1), `*` or `_` of a run (2), and after a `]`, the inside of a
// link's parentheses on the same line (4), which may nest one level as URLs do.
// biome-ignore lint/correctness/noEmptyCharacterClassInRegex: [^] is any character, newlines included (the last alternative)
const TOKEN = /\\([*_[\]()\\#+.-])|([*_])\2*|\](\((([^()\\\n]|\\.|\([^()\n]*\))*)\))?|[^]/g;
// Group 1 is the URL, then checked by `safeUrl`. Browsers ignore whitespace and control
// characters in URLs (`java\tscript:`), so those refuse the link.
const LINK = /^\s*([^\s\p{Cc}]+)(\s+["'].*)?\s*$/u;

/**
 * Parses the Touchpoint Markdown subset into blocks.
 *
 * - Paragraphs are separated by blank lines; a single newline inside one is a `break`.
 * - `**strong**`, `__strong__`, `*em*`, `_em_`, nestable; unclosed markers stay literal
 *   text. A run of markers cannot open right after a letter or digit, nor close right
 *   before one, so `snake_case_name` stays text.
 * - `[label](url)` is a link only for `http:`, `https:`, `mailto:` and relative URLs
 *   (starting with `/`, `.`, `#` or `?`) that stay on the page's site (see `safeUrl`:
 *   `//evil.example` does not). Any other URL (`javascript:`, `data:`, whitespace or
 *   control characters in it, an empty URL) drops the link and keeps the label's content. A quoted title after the URL is ignored. Links do not nest.
 * - `- `, `* `, `+ ` and `1. `, `1) ` lines are one-level list items (indented items are
 *   flattened). A list ends at a blank line, a non-list line or a change of marker.
 * - A backslash before one of `` *_[]()\#-+. `` makes that character literal.
 * - Everything else, raw HTML included, is literal text.
 * - Formatting nested more than 16 levels deep is dropped; its text is kept.
 *
 * `\r\n` and lone `\r` count as `\n`. Input over {@link MAX_MARKDOWN_LENGTH} characters is
 * truncated to that length before parsing. Empty or blank input gives `[]`.
 */
export const parseMarkdown = (source: string): MarkdownBlock[] => {
  const blocks: MarkdownBlock[] = [];
  let para = '';
  let list: MarkdownInline[][] = [];
  let marker = '';
  const end = (): void => {
    const children = inline(para.slice(1));
    // A paragraph can parse to nothing, e.g. an unsafe link with an empty label.
    if (children.length) blocks.push({ type: 'paragraph', children });
    para = '';
  };
  // A high surrogate that the cut left dangling at the end (half an emoji, say) is split
  // off as if it ended the line.
  for (const raw of source.slice(0, MAX_MARKDOWN_LENGTH).split(/\r\n?|\n|[\ud800-\udbff]$/)) {
    const [, line, , bullet, start, content] = LINE.exec(raw)!;
    // As in CommonMark, only an ordered list starting at 1 may interrupt a paragraph, so
    // that a wrapped sentence whose line happens to begin with "1984. " stays a sentence.
    if (bullet && !(para && +start! - 1)) {
      end();
      if (marker !== (marker = bullet.slice(-1))) blocks.push({ type: 'list', ordered: !!start, start: +(start ?? 1), items: (list = []) });
      list.push(inline(content!));
    } else {
      marker = '';
      line ? (para += '\n' + line) : end();
    }
  }
  end();
  return blocks;
};

/**
 * The text content of a Markdown source, without formatting: for aria labels, search
 * indexes, and length checks. Link URLs are dropped; breaks and list items become `\n`,
 * blocks are separated by `\n\n`. Truncates like {@link parseMarkdown}.
 */
export const markdownToPlainText = (source: string): string => blocksToPlainText(parseMarkdown(source));

/** The text of parsed blocks, without markup (what search indexes). */
export const blocksToPlainText = (blocks: MarkdownBlock[]): string =>
  blocks.map((block) => ('items' in block ? block.items : [block.children]).map(plain).join('\n')).join('\n\n');

const plain = (nodes: MarkdownInline[]): string =>
  nodes.map((node) => ('text' in node ? node.text : 'children' in node ? plain(node.children) : '\n')).join('');

// 0 for whitespace and line edges, 2 for letters and digits, 1 for anything else.
const kind = (char: string): number => (/[\p{L}\p{N}]/u.test(char) ? 2 : +/\S/.test(char));

/** Inline content being parsed: strings are text, which `tidy` merges and makes nodes. */
type Raw = MarkdownInline | string;

const inline = (source: string): MarkdownInline[] => {
  // Openers (`*`/`_` runs and `[`) are the indices in `out` of their text, whose characters
  // emphasis uses up. Closing only wraps the tail of `out`, so openers left unclosed inside
  // need no cleanup: their text is already in place.
  const out: Raw[] = [];
  let stack = [-1];
  let i: number;
  // The nearest opener whose text starts with `c`, or 0.
  const find = (c: string): number => {
    let i = stack.length;
    while (--i && (out[stack[i]!] as string)[0] !== c);
    return i;
  };

  for (const match of source.matchAll(TOKEN)) {
    const [token, escaped, c, , dest] = match;
    let n = token.length;
    if (c) {
      const before = kind(source.charAt(match.index - 1));
      const after = kind(source.charAt(match.index + n));
      // A closer pairs with the nearest opener of its character, as often as both last.
      if (before && after < 2)
        while (n && (i = find(c))) {
          const j = stack[i]!;
          const opener = out[j] as string;
          const used = opener[1] && n > 1 ? 2 : 1;
          n -= used;
          out[j] = opener.slice(used);
          out.push({ type: used > 1 ? 'strong' : 'em', children: out.splice(j + 1) as MarkdownInline[] });
          stack.length = out[j] ? i + 1 : i;
        }
      if (n) (i = out.push(token.slice(-n))), after && before < 2 && stack.push(i - 1);
    } else if (token === '[') stack.push(out.push(token) - 1);
    else if (token === '\n') out.push({ type: 'break' });
    // A `](…)` with no `[` open is text as written. A `]` alone leaves its `[` open.
    else if (dest != null && (i = find('['))) {
      const children = out.splice(stack[i]! + 1) as MarkdownInline[];
      let href = LINK.exec(dest.replace(/\\([*_[\]()\\#+.-])/g, '$1'))?.[1];
      if (href && !safeUrl(href)) href = '';
      out.pop();
      stack = stack.slice(0, i).filter((j) => out[j] !== '[');
      out.push(...(href ? [{ type: 'link', href, children } as const] : children));
    } else out.push(escaped || token);
  }
  return tidy(out);
};

/**
 * Makes strings text nodes, merging adjacent ones and dropping empty ones (markers used up
 * by emphasis), and drops formatting nested more than 16 levels deep, keeping its text:
 * ten thousand characters can nest thousands of levels, enough to overflow the stack of a
 * recursive renderer.
 */
const tidy = (nodes: Raw[], depth = 0, out: MarkdownInline[] = []): MarkdownInline[] => {
  for (const node of nodes) {
    const last = out[out.length - 1];
    if (typeof node === 'string') node && (last?.type === 'text' ? (last.text += node) : out.push({ type: 'text', text: node }));
    else if (!('children' in node)) out.push(node);
    else if (depth > 15) tidy(node.children, depth, out);
    else out.push({ ...node, children: tidy(node.children, depth + 1) });
  }
  return out;
};
