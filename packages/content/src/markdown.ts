/**
 * The small Markdown subset PMs write in user-facing text fields (tour step bodies,
 * message bodies). The result is plain data for the UI to turn into elements made of text
 * nodes: nothing here produces HTML, so raw HTML in the source is only ever text.
 *
 * Inline parsing follows CommonMark's delimiter-stack algorithm (flanking rules, the rule
 * of three, per-kind lower bounds for opener searches) because it is linear-ish by design,
 * and its only regular expressions (`\r\n?` and single-character tests) cannot backtrack, so
 * inputs such as thousands of `*` or `[` stay fast.
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
 * - Formatting nested more than 16 levels deep is dropped; its text is kept.
 *
 * `\r\n` and lone `\r` count as `\n`. Input over {@link MAX_MARKDOWN_LENGTH} characters is
 * truncated to that length before parsing. Empty or blank input gives `[]`.
 */
export function parseMarkdown(source: string): MarkdownBlock[] {
  const blocks: MarkdownBlock[] = [];
  let paragraph: string[] = [];
  let list: { block: MarkdownBlock & { type: 'list' }; marker: string } | null = null;

  const endParagraph = (): void => {
    if (paragraph.length === 0) return;
    const children = parseInline(paragraph.join('\n'));
    // A paragraph can parse to nothing, e.g. an unsafe link with an empty label.
    if (children.length > 0) blocks.push({ type: 'paragraph', children });
    paragraph = [];
  };

  for (const rawLine of normalize(source).split('\n')) {
    const line = trimSpaces(rawLine);
    if (line === '') {
      endParagraph();
      list = null;
      continue;
    }
    const item = matchListItem(line);
    // As in CommonMark, only an ordered list starting at 1 may interrupt a paragraph, so
    // that a wrapped sentence whose line happens to begin with "1984. " stays a sentence.
    if (item && (paragraph.length === 0 || !item.ordered || item.start === 1)) {
      endParagraph();
      if (!list || list.marker !== item.marker) {
        const block: MarkdownBlock & { type: 'list' } = { type: 'list', ordered: item.ordered, start: item.start, items: [] };
        blocks.push(block);
        list = { block, marker: item.marker };
      }
      list.block.items.push(parseInline(item.content));
      continue;
    }
    list = null;
    paragraph.push(line);
  }
  endParagraph();
  return blocks;
}

/**
 * The text content of a Markdown source, without formatting: for aria labels, search
 * indexes, and length checks. Link URLs are dropped; breaks and list items become `\n`,
 * blocks are separated by `\n\n`. Truncates like {@link parseMarkdown}.
 */
export function markdownToPlainText(source: string): string {
  return parseMarkdown(source)
    .map((block) => (block.type === 'paragraph' ? inlinePlainText(block.children) : block.items.map(inlinePlainText).join('\n')))
    .join('\n\n');
}

function inlinePlainText(nodes: readonly MarkdownInline[]): string {
  let out = '';
  for (const node of nodes) {
    if (node.type === 'text') out += node.text;
    else if (node.type === 'break') out += '\n';
    else out += inlinePlainText(node.children);
  }
  return out;
}

function normalize(source: string): string {
  let text = source;
  if (text.length > MAX_MARKDOWN_LENGTH) {
    text = text.slice(0, MAX_MARKDOWN_LENGTH);
    // Never leave half of a surrogate pair (an emoji, say) dangling at the cut.
    if (isHighSurrogate(text.charCodeAt(text.length - 1))) text = text.slice(0, -1);
  }
  return text.replace(/\r\n?/g, '\n');
}

// Only spaces and tabs: a no-break space may be deliberate, and a manual loop cannot
// backtrack the way `/[ \t]+$/` does on long runs of inner spaces.
function trimSpaces(line: string): string {
  let start = 0;
  let end = line.length;
  while (start < end && isSpaceOrTab(line.charCodeAt(start))) start++;
  while (end > start && isSpaceOrTab(line.charCodeAt(end - 1))) end--;
  return line.slice(start, end);
}

interface ListItem {
  ordered: boolean;
  start: number;
  /** The bullet character, or the `.` or `)` after an ordered item's number. */
  marker: string;
  content: string;
}

/** Matches a trimmed line that starts a list item; the content is never empty. */
function matchListItem(line: string): ListItem | null {
  const first = line.charAt(0);
  if (first === '-' || first === '*' || first === '+') {
    if (!isSpaceOrTab(line.charCodeAt(1))) return null;
    return { ordered: false, start: 1, marker: first, content: trimSpaces(line.slice(2)) };
  }
  let digits = 0;
  while (digits < line.length && isDigit(line.charCodeAt(digits))) digits++;
  // Nine digits at most, as in CommonMark, so the start number stays an exact integer.
  if (digits === 0 || digits > 9) return null;
  const delimiter = line.charAt(digits);
  if ((delimiter !== '.' && delimiter !== ')') || !isSpaceOrTab(line.charCodeAt(digits + 1))) return null;
  return {
    ordered: true,
    start: Number(line.slice(0, digits)),
    marker: delimiter,
    content: trimSpaces(line.slice(digits + 2)),
  };
}

const ESCAPABLE = new Set(['*', '_', '[', ']', '(', ')', '\\', '#', '-', '+', '.']);

/**
 * Nesting limit for parentheses inside a link's URL (cmark uses the same). Without it,
 * every `](` in a line of unclosed `[](` could rescan the rest of the line: quadratic.
 */
const MAX_LINK_PAREN_DEPTH = 32;

/** A node of the tree under construction: siblings are linked so wrapping a range is cheap. */
interface WorkNode {
  /** `label` is a link whose URL was refused: its children take its place. */
  kind: 'root' | 'text' | 'break' | 'strong' | 'em' | 'link' | 'label';
  text: string;
  href: string;
  parent: WorkNode | null;
  prev: WorkNode | null;
  next: WorkNode | null;
  first: WorkNode | null;
  last: WorkNode | null;
}

/** A run of `*` or `_` that may still open or close emphasis. */
interface Delimiter {
  char: string;
  /** Characters of the run not yet used by emphasis. */
  count: number;
  /** Length of the run as written, for the rule of three. */
  original: number;
  node: WorkNode;
  canOpen: boolean;
  canClose: boolean;
  prev: Delimiter | null;
  next: Delimiter | null;
}

/** A `[` that may still open a link. */
interface Bracket {
  node: WorkNode;
  /** The delimiter stack's top when the bracket was seen: emphasis in the label stops there. */
  prevDelimiter: Delimiter | null;
  /** False once a link closed after it: links do not nest. */
  active: boolean;
  prev: Bracket | null;
}

function workNode(kind: WorkNode['kind'], text = ''): WorkNode {
  return { kind, text, href: '', parent: null, prev: null, next: null, first: null, last: null };
}

function appendChild(parent: WorkNode, child: WorkNode): void {
  child.parent = parent;
  child.prev = parent.last;
  child.next = null;
  if (parent.last) parent.last.next = child;
  else parent.first = child;
  parent.last = child;
}

function insertAfter(node: WorkNode, sibling: WorkNode): void {
  sibling.parent = node.parent;
  sibling.prev = node;
  sibling.next = node.next;
  if (node.next) node.next.prev = sibling;
  else if (node.parent) node.parent.last = sibling;
  node.next = sibling;
}

function unlink(node: WorkNode): void {
  if (node.prev) node.prev.next = node.next;
  else if (node.parent) node.parent.first = node.next;
  if (node.next) node.next.prev = node.prev;
  else if (node.parent) node.parent.last = node.prev;
  node.parent = node.prev = node.next = null;
}

/** Moves every sibling after `from` into `into`, in order. */
function moveFollowingSiblings(from: WorkNode, into: WorkNode, until: WorkNode | null = null): void {
  let node = from.next;
  while (node && node !== until) {
    const next = node.next;
    unlink(node);
    appendChild(into, node);
    node = next;
  }
}

function parseInline(source: string): MarkdownInline[] {
  const root = workNode('root');
  let delimiters: Delimiter | null = null;
  let brackets: Bracket | null = null;
  let pending = '';

  const flushText = (): void => {
    if (pending === '') return;
    appendChild(root, workNode('text', pending));
    pending = '';
  };

  const removeDelimiter = (delimiter: Delimiter): void => {
    if (delimiter.prev) delimiter.prev.next = delimiter.next;
    if (delimiter.next) delimiter.next.prev = delimiter.prev;
    else delimiters = delimiter.prev;
  };

  // CommonMark's "process emphasis" for the delimiters above `stackBottom`.
  const processEmphasis = (stackBottom: Delimiter | null): void => {
    // Per closer kind (char, can-open, length mod 3): below this, no opener can match, so
    // later searches stop there instead of rescanning; this keeps `*a **a *a **a…` linear.
    const openersBottom: Array<Delimiter | null> = Array.from({ length: 12 }, () => stackBottom);
    let closer: Delimiter | null = delimiters === stackBottom ? null : delimiters;
    while (closer && closer.prev !== stackBottom) closer = closer.prev;

    while (closer) {
      if (!closer.canClose) {
        closer = closer.next;
        continue;
      }
      const bottomIndex = (closer.char === '_' ? 6 : 0) + (closer.canOpen ? 3 : 0) + (closer.original % 3);
      const bottom = openersBottom[bottomIndex] ?? null;
      let opener: Delimiter | null = closer.prev;
      let found = false;
      while (opener && opener !== stackBottom && opener !== bottom) {
        // The rule of three: `*foo**bar*` must not pair the `**` with a `*`.
        const oddMatch =
          (closer.canOpen || opener.canClose) && closer.original % 3 !== 0 && (opener.original + closer.original) % 3 === 0;
        if (opener.char === closer.char && opener.canOpen && !oddMatch) {
          found = true;
          break;
        }
        opener = opener.prev;
      }
      const oldCloser: Delimiter = closer;

      if (found && opener) {
        const used = closer.count >= 2 && opener.count >= 2 ? 2 : 1;
        const openerNode = opener.node;
        const closerNode = closer.node;
        opener.count -= used;
        closer.count -= used;
        openerNode.text = openerNode.text.slice(0, openerNode.text.length - used);
        closerNode.text = closerNode.text.slice(0, closerNode.text.length - used);

        const emphasis = workNode(used === 2 ? 'strong' : 'em');
        moveFollowingSiblings(openerNode, emphasis, closerNode);
        insertAfter(openerNode, emphasis);

        // Delimiters between the pair are now inside the emphasis and can no longer match.
        opener.next = closer;
        closer.prev = opener;

        if (opener.count === 0) {
          unlink(openerNode);
          removeDelimiter(opener);
        }
        if (closer.count === 0) {
          unlink(closerNode);
          const next: Delimiter | null = closer.next;
          removeDelimiter(closer);
          closer = next;
        }
      } else {
        closer = closer.next;
        openersBottom[bottomIndex] = oldCloser.prev;
        if (!oldCloser.canOpen) removeDelimiter(oldCloser);
      }
    }

    delimiters = stackBottom;
    if (stackBottom) stackBottom.next = null;
  };

  const closeBracket = (index: number): number => {
    const opener = brackets;
    if (!opener) {
      pending += ']';
      return index + 1;
    }
    brackets = opener.prev;
    const destination = opener.active && source.charAt(index + 1) === '(' ? scanLinkDestination(source, index + 2) : null;
    if (!destination) {
      pending += ']';
      return index + 1;
    }
    flushText();
    const href = safeHref(destination.url);
    const wrapper = workNode(href === null ? 'label' : 'link');
    wrapper.href = href ?? '';
    moveFollowingSiblings(opener.node, wrapper);
    appendChild(root, wrapper);
    processEmphasis(opener.prevDelimiter);
    unlink(opener.node);
    // Links do not nest. Brackets are deactivated top-down, so the first inactive one
    // means every older one is inactive already: each bracket is visited once.
    for (let bracket = brackets; bracket && bracket.active; bracket = bracket.prev) bracket.active = false;
    return destination.end;
  };

  let i = 0;
  while (i < source.length) {
    const char = source.charAt(i);
    if (char === '\n') {
      flushText();
      appendChild(root, workNode('break'));
      i++;
    } else if (char === '\\') {
      const escaped = source.charAt(i + 1);
      if (ESCAPABLE.has(escaped)) {
        pending += escaped;
        i += 2;
      } else {
        pending += char;
        i++;
      }
    } else if (char === '*' || char === '_') {
      let end = i;
      while (source.charAt(end) === char) end++;
      const before = charBefore(source, i);
      const after = charAfter(source, end);
      const beforeSpace = isUnicodeWhitespace(before);
      const afterSpace = isUnicodeWhitespace(after);
      const beforePunct = isUnicodePunctuation(before);
      const afterPunct = isUnicodePunctuation(after);
      const leftFlanking = !afterSpace && (!afterPunct || beforeSpace || beforePunct);
      const rightFlanking = !beforeSpace && (!beforePunct || afterSpace || afterPunct);
      // The stricter `_` rules are what keep `snake_case_name` from being emphasis.
      const canOpen = char === '*' ? leftFlanking : leftFlanking && (!rightFlanking || beforePunct);
      const canClose = char === '*' ? rightFlanking : rightFlanking && (!leftFlanking || afterPunct);

      flushText();
      const node = workNode('text', source.slice(i, end));
      appendChild(root, node);
      if (canOpen || canClose) {
        const delimiter: Delimiter = {
          char,
          count: end - i,
          original: end - i,
          node,
          canOpen,
          canClose,
          prev: delimiters,
          next: null,
        };
        if (delimiters) delimiters.next = delimiter;
        delimiters = delimiter;
      }
      i = end;
    } else if (char === '[') {
      flushText();
      const node = workNode('text', '[');
      appendChild(root, node);
      brackets = { node, prevDelimiter: delimiters, active: true, prev: brackets };
      i++;
    } else if (char === ']') {
      i = closeBracket(i);
    } else {
      let end = i + 1;
      while (end < source.length && !isInlineSpecial(source.charCodeAt(end))) end++;
      pending += source.slice(i, end);
      i = end;
    }
  }
  flushText();
  processEmphasis(null);
  return toInlines(root);
}

/**
 * Reads a link's parenthesized part, from just after its `(`: the URL with backslash
 * escapes applied and any quoted title removed, and the index after the closing `)`.
 * Null when the parentheses do not close on this line.
 */
function scanLinkDestination(source: string, start: number): { url: string; end: number } | null {
  let depth = 0;
  let url = '';
  let i = start;
  while (i < source.length) {
    const char = source.charAt(i);
    if (char === '\n') return null;
    if (char === '\\' && ESCAPABLE.has(source.charAt(i + 1))) {
      url += source.charAt(i + 1);
      i += 2;
      continue;
    }
    if (char === '(') {
      depth++;
      if (depth > MAX_LINK_PAREN_DEPTH) return null;
    } else if (char === ')') {
      if (depth === 0) return { url: stripTitle(url.trim()), end: i + 1 };
      depth--;
    }
    url += char;
    i++;
  }
  return null;
}

/** `https://x.com "Title"` → `https://x.com`: the title is ignored, not rendered. */
function stripTitle(inner: string): string {
  const quote = inner.charAt(inner.length - 1);
  if (quote !== '"' && quote !== "'") return inner;
  const open = inner.lastIndexOf(quote, inner.length - 2);
  if (open > 0 && isUnicodeWhitespace(inner.charAt(open - 1))) return inner.slice(0, open).trim();
  return inner;
}

/**
 * The URL if it may become a link's `href`, else null. An allowlist of prefixes rather
 * than a blocklist of schemes: browsers strip or ignore whitespace and control characters
 * in URLs (`java\tscript:`), so any URL containing them is refused outright.
 */
function safeHref(raw: string): string | null {
  const url = raw.trim();
  if (url === '') return null;
  for (let i = 0; i < url.length; i++) {
    const code = url.charCodeAt(i);
    if (code <= 0x20 || (code >= 0x7f && code <= 0x9f) || isUnicodeWhitespace(url.charAt(i))) return null;
  }
  const lower = url.slice(0, 7).toLowerCase();
  if (lower.startsWith('http:') || lower.startsWith('https:') || lower.startsWith('mailto:')) return url;
  if (url.startsWith('/') || url.startsWith('./') || url.startsWith('../') || url.startsWith('#') || url.startsWith('?')) {
    return url;
  }
  return null;
}

/**
 * Deepest nesting of strong, em and link kept. Ten thousand characters can nest thousands
 * of levels (`*****…a…*****`), enough to overflow the stack of a recursive renderer;
 * formatting deeper than this is dropped and its text kept.
 */
const MAX_INLINE_DEPTH = 16;

function toInlines(parent: WorkNode, depth = 0): MarkdownInline[] {
  const out: MarkdownInline[] = [];
  for (let node = parent.first; node; node = node.next) {
    switch (node.kind) {
      case 'text':
        pushInline(out, { type: 'text', text: node.text });
        break;
      case 'break':
        out.push({ type: 'break' });
        break;
      case 'strong':
      case 'em':
      case 'link': {
        if (depth >= MAX_INLINE_DEPTH) {
          for (const child of toInlines(node, depth)) pushInline(out, child);
        } else if (node.kind === 'link') {
          out.push({ type: 'link', href: node.href, children: toInlines(node, depth + 1) });
        } else {
          out.push({ type: node.kind, children: toInlines(node, depth + 1) });
        }
        break;
      }
      case 'label':
      case 'root':
        for (const child of toInlines(node, depth)) pushInline(out, child);
        break;
    }
  }
  return out;
}

/** Appends, merging adjacent text and dropping empty text (delimiters used up by emphasis). */
function pushInline(out: MarkdownInline[], node: MarkdownInline): void {
  if (node.type !== 'text') {
    out.push(node);
    return;
  }
  if (node.text === '') return;
  const last = out[out.length - 1];
  if (last?.type === 'text') last.text += node.text;
  else out.push(node);
}

/** The character before `index`, a whole code point; line edges count as whitespace. */
function charBefore(source: string, index: number): string {
  if (index === 0) return '\n';
  const code = source.charCodeAt(index - 1);
  if (index >= 2 && code >= 0xdc00 && code <= 0xdfff && isHighSurrogate(source.charCodeAt(index - 2))) {
    return source.slice(index - 2, index);
  }
  return source.charAt(index - 1);
}

/** The character at `index`, a whole code point; line edges count as whitespace. */
function charAfter(source: string, index: number): string {
  const code = source.codePointAt(index);
  return code === undefined ? '\n' : String.fromCodePoint(code);
}

const WHITESPACE = /^\s$/u;
const PUNCTUATION = /^[\p{P}\p{S}]$/u;

function isUnicodeWhitespace(char: string): boolean {
  return WHITESPACE.test(char);
}

function isUnicodePunctuation(char: string): boolean {
  return PUNCTUATION.test(char);
}

function isInlineSpecial(code: number): boolean {
  // \n \\ * _ [ ]
  return code === 0x0a || code === 0x5c || code === 0x2a || code === 0x5f || code === 0x5b || code === 0x5d;
}

function isSpaceOrTab(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
