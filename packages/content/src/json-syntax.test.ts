import { describe, expect, it } from 'vitest';
import { parseJson } from './json-syntax.js';

// [mistake, text, line, column, message]
const CASES: Array<[string, string, number, number, string]> = [
  ['a missing comma', '{\n  "version": 1\n  "flows": []\n}', 3, 3, `expected "," or "}" after a value; got '"'`],
  ['a trailing comma in an object', '{\n  "version": 1,\n}', 2, 15, 'a comma before "}" is not allowed in JSON'],
  ['a trailing comma in a list', '{"flows": [\n  {"id": "a"},\n]}', 2, 14, 'a comma before "]" is not allowed in JSON'],
  ['single quotes', "{\n  'version': 1\n}", 2, 3, 'field names must be in double quotes (") in JSON'],
  ['a bare word as a value', '{"kind": modal}', 1, 10, 'text must be in double quotes (") in JSON; the only bare words are true, false and null'],
  ['a comment', '{\n  // the version\n  "version": 1\n}', 2, 3, 'comments are not allowed in JSON'],
  ['an unclosed text', '{\n  "title": "Hello\n}', 2, 12, 'this text has no closing quote (") before the end of the line'],
  ['a cut-off file', '{"version": 1,', 1, 15, 'expected a field name in double quotes; got the end of the file'],
  ['a missing colon', '{"version" 1}', 1, 12, 'expected ":" after the field name; got "1"'],
  ['something after the end', '{"version": 1}}', 1, 15, 'unexpected "}" after the end of the document'],
];

describe('parseJson', () => {
  it('parses JSON (a byte order mark is fine)', () => {
    expect(parseJson('\uFEFF{"version": 1, "a": [1, "x\\u00e9", null, true, -2.5e3]}')).toEqual({
      ok: true,
      value: { version: 1, a: [1, 'xé', null, true, -2500] },
    });
  });

  it.each(CASES)('%s: line, column and plain words', (_, text, line, column, message) => {
    expect(parseJson(text)).toEqual({ ok: false, error: { line, column, message } });
  });
});
