/**
 * The small Markdown subset PMs write in user-facing text fields (tour step bodies,
 * message bodies). The result is plain data for the UI to turn into elements made of text
 * nodes: nothing here produces HTML, so raw HTML in the source is only ever text.
 *
 * Sized for the UI chunk's budget, so emphasis is a simplified CommonMark: flanking rules
 * decide which `*`/`_` runs may open or close, and a closer pairs with the nearest open run
 * of its character (no "rule of three"). Every regular expression here is anchored or has
 * disjoint alternatives and no nested unbounded quantifiers, so nothing can backtrack
 * catastrophically, and openers are kept on a stack that each closer cuts, not rescans.
 */

/**
 * An inline piece of formatted text. `text` nodes are never adjacent and never empty.
 * A `link` only ever carries an `http:`, `https:`, `mailto:` or relative `href`.
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
export type MarkdownBlock =
  | { type: 'paragraph'; children: MarkdownInline[] }
  | { type: 'list'; ordered: boolean; start: number; items: MarkdownInline[][] };

/** Longest source parsed: longer input is truncated first, which bounds the parser's work. */
export const MAX_MARKDOWN_LENGTH = 10_000;

/**
 * An open `*`/`_` run or `[` (`c`) with `n` characters unused, the content after it, the
 * nesting height `h` of that content, and the link count `a` when it was opened: a `[`
 * opened before the latest link cannot become a link, as links do not nest.
 */
type Frame = { c: string; n: number; k: MarkdownInline[]; h: number; a: number };

// Trimmed line (1), list marker (2), ordered start (3), and content after the marker (4).
const LINE = /^[ \t]*((?:([-*+]|(\d{1,9})[.)])[ \t]+(?=[^ \t]))?(.*[^ \t])?)/s;
const TOKEN = /\\([*_[\]()\\#+.-])|([*_])\2*|[^]/g;
// A link's parenthesized part on one line; one level of nested parentheses, as in URLs.
const DEST = /\(((?:[^()\\\n]|\\.|\([^()\n]*\))*)\)/y;
// An allowlist of prefixes, not a blocklist of schemes: browsers ignore whitespace and
// control characters inside URLs (`java\tscript:`), so any URL containing them is refused.
const SAFE = /^\s*((?:https?:|mailto:|\.{0,2}\/|[#?])[^\s\p{Cc}]*)(?:\s+(["']).*\2)?\s*$/iu;

/**
 * Parses the Touchpoint Markdown subset into blocks.
 *
 * - Paragraphs are separated by blank lines; a single newline inside one is a `break`.
 * - `**strong**`, `__strong__`, `*em*`, `_em_` (not inside words, so `snake_case_name`
 *   stays text), nestable; unclosed markers stay literal text.
 * - `[label](url)` is a link only for `http:`, `https:`, `mailto:` and relative URLs
 *   (`/`, `./`, `../`, `#`, `?`). Any other URL (`javascript:`, `data:`, whitespace or
 *   control characters anywhere in it, an empty URL) drops the link and keeps the label's
 *   content. An optional quoted title after the URL is ignored.
 * - `- `, `* `, `+ ` and `1. `, `1) ` lines are one-level list items (indented items are
 *   flattened). A list ends at a blank line, a non-list line or a change of marker.
 * - A backslash before one of `` *_[]()\#-+. `` makes that character literal.
 * - Everything else, raw HTML included, is literal text.
 * - Formatting nested more than 16 levels deep is dropped (the outermost levels); its
 *   text is kept.
 *
 * `\r\n` and lone `\r` count as `\n`. Input over {@link MAX_MARKDOWN_LENGTH} characters is
 * truncated to that length before parsing. Empty or blank input gives `[]`.
 */
export function parseMarkdown(source: string): MarkdownBlock[] {
  const blocks: MarkdownBlock[] = [];
  let para: string[] = [];
  let list: MarkdownInline[][] = [];
  let marker = '';
  const end = (): void => {
    const children = para.length ? inline(para.join('\n')) : [];
    // A paragraph can parse to nothing, e.g. an unsafe link with an empty label.
    if (children.length) blocks.push({ type: 'paragraph', children });
    para = [];
  };
  // The cut must not leave half of a surrogate pair (an emoji, say) dangling.
  for (const raw of source.slice(0, MAX_MARKDOWN_LENGTH).replace(/[\ud800-\udbff]$/, '').split(/\r\n?|\n/)) {
    const [, line, bullet, start, content = ''] = LINE.exec(raw)!;
    // As in CommonMark, only an ordered list starting at 1 may interrupt a paragraph, so
    // that a wrapped sentence whose line happens to begin with "1984. " stays a sentence.
    if (bullet && (!para.length || !start || +start == 1)) {
      end();
      if (marker != (marker = bullet.slice(-1)))
        blocks.push({ type: 'list', ordered: !!start, start: +(start ?? 1), items: (list = []) });
      list.push(inline(content));
    } else {
      marker = '';
      line ? para.push(line) : end();
    }
  }
  end();
  return blocks;
}

/**
 * The text content of a Markdown source, without formatting: for aria labels, search
 * indexes, and length checks. Link URLs are dropped; breaks and list items become `\n`,
 * blocks are separated by `\n\n`. Truncates like {@link parseMarkdown}.
 */
export function markdownToPlainText(source: string): string {
  return parseMarkdown(source)
    .map((block) => ('items' in block ? block.items.map(plain).join('\n') : plain(block.children)))
    .join('\n\n');
}

function plain(nodes: MarkdownInline[]): string {
  return nodes.map((node) => ('text' in node ? node.text : 'children' in node ? plain(node.children) : '\n')).join('');
}

// 0 for whitespace and line edges, 2 for letters and digits, 1 for anything else.
const kind = (char: string): number => (/[\p{L}\p{N}]/u.test(char) ? 2 : +/\S/.test(char));

function inline(source: string): MarkdownInline[] {
  const stack: Frame[] = [];
  let links = 0;
  let match: RegExpExecArray | null;
  let dest: RegExpExecArray | null;
  const open = (c: string, n: number): number => stack.push({ c, n, k: [], h: 0, a: links });
  const top = (): Frame => stack[stack.length - 1]!;
  const find = (c: string): number => {
    let i = stack.length;
    while (--i && stack[i]!.c != c);
    return i;
  };
  const add = (frame: Frame, node: MarkdownInline | string): void => {
    const last = frame.k[frame.k.length - 1];
    if (typeof node != 'string') node.type == 'text' ? add(frame, node.text) : frame.k.push(node);
    else if (node) last?.type == 'text' ? (last.text += node) : frame.k.push({ type: 'text', text: node });
  };
  // Moves a closed or abandoned frame's content, after its unused marker, into `into`.
  const merge = (frame: Frame, into = top()): void => {
    add(into, frame.c.repeat(frame.n));
    for (const node of frame.k) add(into, node);
    into.h = Math.max(into.h, frame.h);
  };
  // Openers above `i` can no longer close: they become text, each moved once.
  const cut = (i: number): void => {
    for (const frame of stack.splice(i + 1)) merge(frame, stack[i]);
  };
  // A wrapper deeper than 16 levels is dropped, bounding a renderer's recursion.
  const wrap = (frame: Frame, node: MarkdownInline & { children: MarkdownInline[] }): void => {
    if (frame.h < 16) (frame.k = [node]), frame.h++;
  };

  open('', 0);
  for (TOKEN.lastIndex = 0; (match = TOKEN.exec(source)); ) {
    const [token, escaped, c] = match;
    let n = token.length;
    let i: number;
    if (c) {
      const before = kind(source.charAt(match.index - 1));
      const after = kind(source.charAt(TOKEN.lastIndex));
      // CommonMark's flanking rules; `_` may not open after or close before a letter.
      if (before && (after < 2 || (c == '*' && before > 1)))
        while (n && (i = find(c))) {
          cut(i);
          const frame = stack[i]!;
          const used = n > 1 && frame.n > 1 ? 2 : 1;
          frame.n -= used;
          n -= used;
          wrap(frame, { type: used > 1 ? 'strong' : 'em', children: frame.k });
          if (!frame.n) merge(stack.pop()!);
        }
      if (n) after && (before < 2 || (c == '*' && after > 1)) ? open(c, n) : add(top(), c.repeat(n));
    } else if (token == '[') open(token, 1);
    else if (token == '\n') add(top(), { type: 'break' });
    else if (token == ']' && (i = find('['))) {
      DEST.lastIndex = TOKEN.lastIndex;
      if (stack[i]!.a == links && (dest = DEST.exec(source))) {
        const href = SAFE.exec(dest[1]!.replace(TOKEN, (t, e?: string) => e || t))?.[1];
        TOKEN.lastIndex = DEST.lastIndex;
        cut(i);
        const frame = stack.pop()!;
        frame.n = 0;
        links++;
        if (href) wrap(frame, { type: 'link', href, children: frame.k });
        merge(frame);
      } else {
        merge(stack.splice(i, 1)[0]!, stack[i - 1]);
        add(top(), token);
      }
    } else add(top(), escaped || token);
  }
  cut(0);
  return stack[0]!.k;
}
