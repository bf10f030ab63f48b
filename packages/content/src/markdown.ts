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

/** A text node of the output, with the link count when it was made (see `inline`). */
type Text = { type: 'text'; text: string; a?: number };

// Trimmed line (1), list marker (2), ordered start (3), and content after the marker (4).
const LINE = /^[ \t]*((?:([-*+]|(\d{1,9})[.)])[ \t]+(?=[^ \t]))?(.*[^ \t])?)/s;
// An escape (1), a run of `*` or `_` (2), or a `]` with the parenthesized part of a link
// on the same line (3), allowing one level of nested parentheses as in URLs.
const TOKEN = /\\([*_[\]()\\#+.-])|([*_])\2*|\](?:\(((?:[^()\\\n]|\\.|\([^()\n]*\))*)\))?|[^]/g;
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
  let para = '';
  let list: MarkdownInline[][] = [];
  let marker = '';
  const end = (): void => {
    const children = inline(para.slice(1));
    // A paragraph can parse to nothing, e.g. an unsafe link with an empty label.
    if (children.length) blocks.push({ type: 'paragraph', children });
    para = '';
  };
  // The cut must not leave half of a surrogate pair (an emoji, say) dangling.
  // A high surrogate left at the end by the cut ends an extra, blank line.
  for (const raw of source.slice(0, MAX_MARKDOWN_LENGTH).split(/\r\n?|\n|[\ud800-\udbff]$/)) {
    const [, line, bullet, start, content] = LINE.exec(raw)!;
    // As in CommonMark, only an ordered list starting at 1 may interrupt a paragraph, so
    // that a wrapped sentence whose line happens to begin with "1984. " stays a sentence.
    if (bullet && (!para || !start || +start == 1)) {
      end();
      if (marker != (marker = bullet.slice(-1)))
        blocks.push({ type: 'list', ordered: !!start, start: +(start ?? 1), items: (list = []) });
      list.push(inline(content!));
    } else {
      marker = '';
      line ? (para += '\n' + line) : end();
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
    .map((block) => ('items' in block ? block.items : [block.children]).map(plain).join('\n'))
    .join('\n\n');
}

function plain(nodes: MarkdownInline[]): string {
  return nodes.map((node) => ('text' in node ? node.text : 'children' in node ? plain(node.children) : '\n')).join('');
}

// 0 for whitespace and line edges, 2 for letters and digits, 1 for anything else.
const kind = (char: string): number => (/[\p{L}\p{N}]/u.test(char) ? 2 : +/\S/.test(char));

function inline(source: string): MarkdownInline[] {
  // Openers are the indices of their text nodes in `out`, whose characters emphasis uses
  // up. Closing only wraps the tail of `out`, so a closer that pairs across unclosed
  // openers just forgets them: their text is already in place. A `[` made before the
  // latest link (`a`) cannot become a link, as links do not nest.
  const out: MarkdownInline[] = [];
  const stack = [0];
  let links = 0;
  let match: RegExpExecArray | null;
  let i: number;
  const text = (text: string): number => out.push({ type: 'text', text, a: links } as Text);
  const marker = (i: number): Text => out[stack[i]!] as Text;
  const find = (c: string): number => {
    let i = stack.length;
    while (--i && marker(i).text[0] != c);
    return i;
  };

  while ((match = TOKEN.exec(source))) {
    const [token, escaped, c, dest] = match;
    let n = token.length;
    if (c) {
      const before = kind(source.charAt(match.index - 1));
      const after = kind(source.charAt(TOKEN.lastIndex));
      // CommonMark's flanking rules; `_` may not open after or close before a letter.
      if (before && (after < 2 || (c == '*' && before > 1)))
        while (n && (i = find(c))) {
          const opener = marker(i);
          const used = n > 1 && opener.text[1] ? 2 : 1;
          opener.text = opener.text.slice(used);
          n -= used;
          out.push({ type: used > 1 ? 'strong' : 'em', children: out.splice(stack[i]! + 1) });
          stack.length = opener.text ? i + 1 : i;
        }
      if (n) after && (before < 2 || (c == '*' && after > 1)) ? stack.push(text(c.repeat(n)) - 1) : text(c.repeat(n));
    } else if (token == '[') stack.push(text(token) - 1);
    else if (token == '\n') out.push({ type: 'break' });
    else if (token[0] == ']') {
      i = find('[');
      if (i && marker(i).a == links && n > 1) {
        const children = out.splice(stack[i]! + 1);
        const href = SAFE.exec(dest!.replace(/\\([*_[\]()\\#+.-])/g, '$1'))?.[1];
        out.pop();
        stack.length = i;
        links++;
        out.push(...(href ? [{ type: 'link', href, children } as const] : children));
      } else {
        // Only the `]` is text: what followed it is parsed again.
        TOKEN.lastIndex = match.index + 1;
        if (i) stack.splice(i, 1);
        text(token[0]);
      }
    } else text(escaped || token);
  }
  return tidy(out);
}

/**
 * Copies text nodes, merging adjacent ones and dropping empty ones (delimiters used up by
 * emphasis), and drops formatting nested more than 16 levels deep, keeping its text, so
 * that a renderer's recursion is bounded.
 */
function tidy(nodes: MarkdownInline[], depth = 0, out: MarkdownInline[] = []): MarkdownInline[] {
  for (const node of nodes) {
    const last = out[out.length - 1];
    if (node.type == 'text') node.text && (last?.type == 'text' ? (last.text += node.text) : out.push({ type: 'text', text: node.text }));
    else if ('children' in node && depth > 15) tidy(node.children, depth, out);
    else out.push(node), 'children' in node && (node.children = tidy(node.children, depth + 1));
  }
  return out;
}
