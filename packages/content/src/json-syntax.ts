/** Where and why a text is not JSON: 1-based line and column, in plain words. */
export interface JsonSyntaxError {
  line: number;
  column: number;
  message: string;
}

export type JsonParse = { ok: true; value: unknown } | { ok: false; error: JsonSyntaxError };

/**
 * Parses JSON; when it is not JSON, says where (line and column, as editors count them) and
 * why in words a PM reads (`expected "," or "}" after a value`, `a comma before "}" is not
 * allowed in JSON`, `comments are not allowed in JSON`), not the engine's "Unexpected token".
 * A byte order mark at the start is ignored.
 */
export function parseJson(text: string): JsonParse {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return { ok: true, value: JSON.parse(source) };
  } catch (e) {
    const found = locate(source);
    const at = found?.at ?? enginePosition(e, source.length);
    return { ok: false, error: { ...lineAndColumn(source, at), message: found?.message ?? String((e as Error).message) } };
  }
}

function lineAndColumn(text: string, at: number): { line: number; column: number } {
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  return { line, column: at - before.lastIndexOf('\n') };
}

/** The position the engine names ("at position 42"), else the end. */
function enginePosition(e: unknown, end: number): number {
  const m = /position (\d+)/.exec(String((e as Error)?.message));
  return m ? Number(m[1]) : end;
}

class Stop {
  constructor(
    readonly at: number,
    readonly message: string,
  ) {}
}

/** The first syntax error of `text`, found by reading it as JSON's grammar does; undefined if none is found. */
function locate(text: string): { at: number; message: string } | undefined {
  let i = 0;
  const fail = (message: string, at = i): never => {
    throw new Stop(at, message);
  };
  // A quote reads better in single quotes than escaped: '"', not "\"".
  const describe = (at: number) => (at >= text.length ? 'the end of the file' : text[at] === '"' ? `'"'` : JSON.stringify(text[at]));
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
    if (text.startsWith('//', i) || text.startsWith('/*', i)) fail('comments are not allowed in JSON');
  };
  const string = () => {
    const start = i++;
    while (i < text.length && text[i] !== '"') {
      const c = text[i]!;
      if (c === '\n' || c < ' ')
        fail(
          c === '\n' ? 'this text has no closing quote (") before the end of the line' : 'a control character must be escaped in text',
          c === '\n' ? start : i,
        );
      if (c === '\\') {
        const next = text[i + 1];
        if (next === 'u' ? !/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6)) : !next || !'"\\/bfnrt'.includes(next))
          fail(`"\\${next ?? ''}" is not an escape JSON knows`);
        i += next === 'u' ? 6 : 2;
      } else i++;
    }
    if (i >= text.length) fail('this text has no closing quote (")', start);
    i++;
  };
  const value = (): void => {
    space();
    const c = text[i];
    if (c === '{') object();
    else if (c === '[') array();
    else if (c === '"') string();
    else scalar(c);
  };
  const scalar = (c: string | undefined) => {
    if (c === "'") fail('text must be in double quotes (") in JSON');
    const number = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (number && number[0] !== '-') {
      i += number[0].length;
      return;
    }
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
    }
    if (c === undefined) fail('a value is missing before the end of the file');
    if (/[A-Za-z_]/.test(c!)) fail('text must be in double quotes (") in JSON; the only bare words are true, false and null');
    fail(`expected a value; got ${describe(i)}`);
  };
  const object = () => {
    i++;
    space();
    if (text[i] === '}') return void i++;
    for (;;) {
      space();
      if (text[i] === '}') fail('a comma before "}" is not allowed in JSON', lastComma);
      if (text[i] !== '"')
        fail(
          text[i] === "'" || /[A-Za-z_$]/.test(text[i] ?? '')
            ? 'field names must be in double quotes (") in JSON'
            : `expected a field name in double quotes; got ${describe(i)}`,
        );
      string();
      space();
      if (text[i] !== ':') fail(`expected ":" after the field name; got ${describe(i)}`);
      i++;
      value();
      space();
      if (text[i] === ',') {
        lastComma = i++;
        continue;
      }
      if (text[i] === '}') return void i++;
      fail(`expected "," or "}" after a value; got ${describe(i)}`);
    }
  };
  let lastComma = 0;
  const array = () => {
    i++;
    space();
    if (text[i] === ']') return void i++;
    for (;;) {
      space();
      if (text[i] === ']') fail('a comma before "]" is not allowed in JSON', lastComma);
      value();
      space();
      if (text[i] === ',') {
        lastComma = i++;
        continue;
      }
      if (text[i] === ']') return void i++;
      fail(`expected "," or "]" after a value; got ${describe(i)}`);
    }
  };
  try {
    value();
    space();
    if (i < text.length) fail(`unexpected ${describe(i)} after the end of the document`);
    return undefined;
  } catch (e) {
    if (e instanceof Stop) return { at: e.at, message: e.message };
    // Nested deeper than the stack allows: the engine's position will do.
    return undefined;
  }
}
