import { describe, expect, it } from 'vitest';
import { MAX_MARKDOWN_LENGTH, markdownToPlainText, parseMarkdown, type MarkdownBlock, type MarkdownInline } from './markdown.js';

const text = (value: string): MarkdownInline => ({ type: 'text', text: value });
const strong = (...children: MarkdownInline[]): MarkdownInline => ({ type: 'strong', children });
const em = (...children: MarkdownInline[]): MarkdownInline => ({ type: 'em', children });
const link = (href: string, ...children: MarkdownInline[]): MarkdownInline => ({ type: 'link', href, children });
const br: MarkdownInline = { type: 'break' };
const p = (...children: MarkdownInline[]): MarkdownBlock => ({ type: 'paragraph', children });
const ul = (...items: MarkdownInline[][]): MarkdownBlock => ({ type: 'list', ordered: false, start: 1, items });
const ol = (start: number, ...items: MarkdownInline[][]): MarkdownBlock => ({ type: 'list', ordered: true, start, items });

describe('parseMarkdown: blocks', () => {
  it('gives no blocks for empty or blank input', () => {
    expect(parseMarkdown('')).toEqual([]);
    expect(parseMarkdown('  \n\t\n\n ')).toEqual([]);
  });

  it('keeps plain text as one paragraph with one text node', () => {
    expect(parseMarkdown('Welcome to Touchpoint! Click "Next" to continue.')).toEqual([p(text('Welcome to Touchpoint! Click "Next" to continue.'))]);
  });

  it('splits paragraphs at one or more blank lines, and turns single newlines into breaks', () => {
    expect(parseMarkdown('first line\nsecond line\n\n\n  \nnext paragraph')).toEqual([
      p(text('first line'), br, text('second line')),
      p(text('next paragraph')),
    ]);
  });

  it('trims spaces and tabs around lines but keeps no-break spaces', () => {
    expect(parseMarkdown('  indented  \n\tline\u00a0')).toEqual([p(text('indented'), br, text('line\u00a0'))]);
  });

  it('normalizes \\r\\n and lone \\r to \\n', () => {
    expect(parseMarkdown('a\r\nb\r\n\r\nc\rd')).toEqual([p(text('a'), br, text('b')), p(text('c'), br, text('d'))]);
  });

  it('parses unordered lists with any bullet', () => {
    expect(parseMarkdown('- one\n- two')).toEqual([ul([text('one')], [text('two')])]);
    expect(parseMarkdown('* one\n* two')).toEqual([ul([text('one')], [text('two')])]);
    expect(parseMarkdown('+ one\n+\ttwo')).toEqual([ul([text('one')], [text('two')])]);
  });

  it('parses ordered lists with either delimiter, keeping the start number only', () => {
    expect(parseMarkdown('1. one\n2. two\n7. three')).toEqual([ol(1, [text('one')], [text('two')], [text('three')])]);
    expect(parseMarkdown('3) three\n4) four')).toEqual([ol(3, [text('three')], [text('four')])]);
    expect(parseMarkdown('007. bond')).toEqual([ol(7, [text('bond')])]);
  });

  it('formats list items inline', () => {
    expect(parseMarkdown('- **Save** your work\n- see [docs](/docs)')).toEqual([
      ul([strong(text('Save')), text(' your work')], [text('see '), link('/docs', text('docs'))]),
    ]);
  });

  it('ends a list at a blank line or a non-list line', () => {
    expect(parseMarkdown('- a\n- b\n\n- c')).toEqual([ul([text('a')], [text('b')]), ul([text('c')])]);
    expect(parseMarkdown('- a\nafter\nmore')).toEqual([ul([text('a')]), p(text('after'), br, text('more'))]);
  });

  it('starts a new list when the marker changes', () => {
    expect(parseMarkdown('- a\n* b\n1. c\n2) d')).toEqual([ul([text('a')]), ul([text('b')]), ol(1, [text('c')]), ol(2, [text('d')])]);
  });

  it('lets bullets and ordered lists starting at 1 interrupt a paragraph, but not other numbers', () => {
    expect(parseMarkdown('Steps:\n- a')).toEqual([p(text('Steps:')), ul([text('a')])]);
    expect(parseMarkdown('Steps:\n1. a')).toEqual([p(text('Steps:')), ol(1, [text('a')])]);
    expect(parseMarkdown('He was born in\n1984. Then')).toEqual([p(text('He was born in'), br, text('1984. Then'))]);
  });

  it('flattens indented (nested) items into the same level', () => {
    expect(parseMarkdown('- a\n  - b')).toEqual([ul([text('a')], [text('b')])]);
  });

  it('needs whitespace and content after a list marker', () => {
    expect(parseMarkdown('-a\n1.b\n-\n**bold** line')).toEqual([p(text('-a'), br, text('1.b'), br, text('-'), br, strong(text('bold')), text(' line'))]);
  });

  it('keeps headings, quotes and other unsupported syntax as text', () => {
    expect(parseMarkdown('# Title\n> quote\n`code` ![img](x)')).toEqual([p(text('# Title'), br, text('> quote'), br, text('`code` !img'))]);
  });
});

describe('parseMarkdown: emphasis', () => {
  it('parses both bold and both italic spellings', () => {
    expect(parseMarkdown('**a** __b__ *c* _d_')).toEqual([
      p(strong(text('a')), text(' '), strong(text('b')), text(' '), em(text('c')), text(' '), em(text('d'))),
    ]);
  });

  it('nests emphasis', () => {
    expect(parseMarkdown('**bold *and italic***')).toEqual([p(strong(text('bold '), em(text('and italic'))))]);
    expect(parseMarkdown('*it **bold** it*')).toEqual([p(em(text('it '), strong(text('bold')), text(' it')))]);
    expect(parseMarkdown('***both***')).toEqual([p(em(strong(text('both'))))]);
    expect(parseMarkdown('_it __bold__ it_')).toEqual([p(em(text('it '), strong(text('bold')), text(' it')))]);
  });

  it('spans emphasis over a line break', () => {
    expect(parseMarkdown('**a\nb**')).toEqual([p(strong(text('a'), br, text('b')))]);
  });

  it('does not treat underscores inside words as emphasis', () => {
    expect(parseMarkdown('use snake_case_name and __init__ here')).toEqual([p(text('use snake_case_name and '), strong(text('init')), text(' here'))]);
    expect(parseMarkdown('my_var_name')).toEqual([p(text('my_var_name'))]);
    expect(parseMarkdown('_a_b_')).toEqual([p(em(text('a_b')))]);
  });

  it('treats asterisks inside words like underscores', () => {
    // Simpler than CommonMark, which lets `*` (but not `_`) emphasize inside a word: here
    // no run opens right after a letter or closes right before one.
    expect(parseMarkdown('un*frigging*believable')).toEqual([p(text('un*frigging*believable'))]);
    expect(parseMarkdown('a *b*c*')).toEqual([p(text('a '), em(text('b*c')))]);
  });

  it('keeps unclosed or unmatched markers as literal text', () => {
    expect(parseMarkdown('**not closed')).toEqual([p(text('**not closed'))]);
    expect(parseMarkdown('*not closed either')).toEqual([p(text('*not closed either'))]);
    expect(parseMarkdown('closed not**')).toEqual([p(text('closed not**'))]);
    expect(parseMarkdown('**mixed__')).toEqual([p(text('**mixed__'))]);
    expect(parseMarkdown('2 * 3 * 4')).toEqual([p(text('2 * 3 * 4'))]);
    expect(parseMarkdown('****')).toEqual([p(text('****'))]);
  });

  it('keeps leftover markers of an uneven pair as text', () => {
    expect(parseMarkdown('**a*')).toEqual([p(text('*'), em(text('a')))]);
    expect(parseMarkdown('*a**')).toEqual([p(em(text('a')), text('*'))]);
  });
});

describe('parseMarkdown: links', () => {
  it('parses links to http, https, mailto and relative URLs', () => {
    const hrefs = ['http://example.com', 'https://example.com/a?b=c#d', 'mailto:help@example.com', '/settings', './a', '../b', '#top', '?tab=2'];
    for (const href of hrefs) {
      expect(parseMarkdown(`[go](${href})`)).toEqual([p(link(href, text('go')))]);
    }
  });

  it('accepts any case of an allowed scheme', () => {
    expect(parseMarkdown('[go](HTTPS://Example.com)')).toEqual([p(link('HTTPS://Example.com', text('go')))]);
  });

  it('formats the label', () => {
    expect(parseMarkdown('See [the **new** *docs*](https://x.dev) now')).toEqual([
      p(text('See '), link('https://x.dev', text('the '), strong(text('new')), text(' '), em(text('docs'))), text(' now')),
    ]);
  });

  it('puts links inside emphasis', () => {
    expect(parseMarkdown('**read [this](/a)**')).toEqual([p(strong(text('read '), link('/a', text('this'))))]);
  });

  it('trims the URL and ignores a quoted title', () => {
    expect(parseMarkdown('[a](  https://x.dev  )')).toEqual([p(link('https://x.dev', text('a')))]);
    expect(parseMarkdown('[a](https://x.dev "Title")')).toEqual([p(link('https://x.dev', text('a')))]);
    expect(parseMarkdown("[a](/x 'Title')")).toEqual([p(link('/x', text('a')))]);
  });

  it('allows balanced and escaped parentheses in the URL', () => {
    expect(parseMarkdown('[wiki](https://en.wikipedia.org/wiki/Foo_(bar))')).toEqual([p(link('https://en.wikipedia.org/wiki/Foo_(bar)', text('wiki')))]);
    expect(parseMarkdown('[a](/x\\)y)')).toEqual([p(link('/x)y', text('a')))]);
  });

  it('renders a link with an unsafe URL as its label only', () => {
    const unsafe = [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      ' javascript:alert(1)',
      '\tjavascript:alert(1)',
      '\u0001javascript:alert(1)',
      'java\u0000script:alert(1)',
      'java\tscript:alert(1)',
      'java\u00a0script:alert(1)',
      'data:text/html;base64,PHNjcmlwdD4=',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
      'example.com',
      'x.html',
    ];
    for (const url of unsafe) {
      expect(parseMarkdown(`Click [**here**](${url}) now`), url).toEqual([p(text('Click '), strong(text('here')), text(' now'))]);
    }
  });

  it('renders a link that would leave the site while looking relative as its label only (was: //evil.example followed)', () => {
    for (const url of ['//evil.example', '//evil.example/login', '/\\evil.example', '\\\\evil.example', '/\\/evil.example', '//evil.example?next=/app']) {
      expect(parseMarkdown(`Click [here](${url}) now`), url).toEqual([p(text('Click here now'))]);
    }
    // Paths that only look odd stay on the site, and are links.
    for (const url of ['/a//b', '/%5Cevil.example', '/./x', '../../up']) expect(parseMarkdown(`[x](${url})`), url).toEqual([p(link(url, text('x')))]);
  });

  it('renders an empty URL as the label only', () => {
    expect(parseMarkdown('[a]() b')).toEqual([p(text('a b'))]);
  });

  it('does not nest links', () => {
    expect(parseMarkdown('[a [b](/c) d](/e)')).toEqual([p(text('[a '), link('/c', text('b')), text(' d](/e)'))]);
  });

  it('keeps brackets without a URL, and unclosed parentheses, as text', () => {
    expect(parseMarkdown('[not a link] and [x] (y)')).toEqual([p(text('[not a link] and [x] (y)'))]);
    expect(parseMarkdown('[a](https://x.dev')).toEqual([p(text('[a](https://x.dev'))]);
    expect(parseMarkdown('[a](/x\n)')).toEqual([p(text('[a](/x'), br, text(')'))]);
    expect(parseMarkdown('a] b [c')).toEqual([p(text('a] b [c'))]);
  });

  it('lets a link keep an empty label', () => {
    expect(parseMarkdown('[](/x)')).toEqual([p(link('/x'))]);
  });

  it('drops a paragraph that is only an unsafe link with an empty label', () => {
    expect(parseMarkdown('[](javascript:alert(1))\n\nnext')).toEqual([p(text('next'))]);
  });
});

describe('parseMarkdown: escapes and literal text', () => {
  it('turns escaped characters into literal text', () => {
    expect(parseMarkdown('\\*a\\* \\_b\\_ \\[c\\]\\(d\\) \\\\ \\# \\- \\+ \\.')).toEqual([p(text('*a* _b_ [c](d) \\ # - + .'))]);
  });

  it('keeps a backslash before any other character', () => {
    expect(parseMarkdown('C:\\Users\\me \\n \\')).toEqual([p(text('C:\\Users\\me \\n \\'))]);
  });

  it('escapes list markers', () => {
    expect(parseMarkdown('\\- not a list\n1\\. nor this')).toEqual([p(text('- not a list'), br, text('1. nor this'))]);
  });

  it('escapes characters inside a link label', () => {
    expect(parseMarkdown('[a \\* \\] b](/x)')).toEqual([p(link('/x', text('a * ] b')))]);
  });

  it('escapes a marker inside emphasis', () => {
    expect(parseMarkdown('**a \\*\\* b**')).toEqual([p(strong(text('a ** b')))]);
  });

  it('keeps raw HTML as text', () => {
    expect(parseMarkdown('<img src=x onerror=alert(1)>')).toEqual([p(text('<img src=x onerror=alert(1)>'))]);
    expect(parseMarkdown('<b>bold?</b> <script>alert(1)</script> &amp;')).toEqual([p(text('<b>bold?</b> <script>alert(1)</script> &amp;'))]);
  });

  it('merges adjacent text nodes', () => {
    expect(parseMarkdown('a \\* [b] ** c _ d')).toEqual([p(text('a * [b] ** c _ d'))]);
  });
});

describe('parseMarkdown: limits', () => {
  it(`truncates input to ${MAX_MARKDOWN_LENGTH} characters`, () => {
    expect(parseMarkdown('a'.repeat(MAX_MARKDOWN_LENGTH) + 'bbb')).toEqual([p(text('a'.repeat(MAX_MARKDOWN_LENGTH)))]);
    // Truncating first can leave a marker unclosed.
    expect(parseMarkdown('a'.repeat(MAX_MARKDOWN_LENGTH - 3) + '**b**')).toEqual([p(text('a'.repeat(MAX_MARKDOWN_LENGTH - 3) + '**b'))]);
  });

  it('does not cut a surrogate pair in half when truncating', () => {
    expect(parseMarkdown('a'.repeat(MAX_MARKDOWN_LENGTH - 1) + '😀')).toEqual([p(text('a'.repeat(MAX_MARKDOWN_LENGTH - 1)))]);
  });

  it('parses pathological inputs of the maximum length quickly, as text', () => {
    // Vitest's test timeout is the guard against quadratic or exponential parsing.
    const inputs = [
      '*'.repeat(MAX_MARKDOWN_LENGTH),
      '_'.repeat(MAX_MARKDOWN_LENGTH),
      '['.repeat(MAX_MARKDOWN_LENGTH),
      ']'.repeat(MAX_MARKDOWN_LENGTH),
      '[a'.repeat(MAX_MARKDOWN_LENGTH / 2),
      '[]('.repeat(3333) + '[',
      '[](('.repeat(MAX_MARKDOWN_LENGTH / 4),
      // Openers that never close, then openers and closers of different kinds that never pair up.
      '*a '.repeat(3333) + 'a',
      '*a_'.repeat(3333) + 'a',
      // Long runs of spaces inside a line, and inside a link's parentheses.
      'a' + ' '.repeat(MAX_MARKDOWN_LENGTH - 2) + 'b',
      '[a](x' + ' '.repeat(MAX_MARKDOWN_LENGTH - 6) + 'y',
    ];
    for (const input of inputs) {
      expect(parseMarkdown(input), input.slice(0, 10)).toEqual([p(text(input))]);
    }
  });

  it('caps nesting depth, keeping the text', () => {
    const stars = '*'.repeat(MAX_MARKDOWN_LENGTH / 2 - 2);
    let expected: MarkdownInline = text('a');
    for (let depth = 0; depth < 16; depth++) expected = strong(expected);
    expect(parseMarkdown(`${stars}a${stars}`)).toEqual([p(expected)]);
  });

  it('parses many links and emphases at the maximum length', () => {
    const unit = '[**a**](/b) ';
    const count = Math.floor(MAX_MARKDOWN_LENGTH / unit.length);
    const children: MarkdownInline[] = [];
    for (let n = 0; n < count; n++) {
      children.push(link('/b', strong(text('a'))));
      if (n < count - 1) children.push(text(' '));
    }
    expect(parseMarkdown(unit.repeat(count))).toEqual([p(...children)]);
  });
});

describe('markdownToPlainText', () => {
  it('gives the text without formatting or URLs', () => {
    expect(markdownToPlainText('**Hello** _there_, see [the *docs*](https://x.dev).')).toBe('Hello there, see the docs.');
  });

  it('keeps breaks and separates blocks and list items with newlines', () => {
    expect(markdownToPlainText('a\nb\n\n- c\n- d\n\n1. e')).toBe('a\nb\n\nc\nd\n\ne');
  });

  it('keeps the label of an unsafe link and HTML as text', () => {
    expect(markdownToPlainText('[x](javascript:alert(1)) <b>')).toBe('x <b>');
  });

  it('gives an empty string for empty input', () => {
    expect(markdownToPlainText('')).toBe('');
  });
});
