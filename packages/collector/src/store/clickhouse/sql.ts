/**
 * Values written into ClickHouse SQL as literals. ClickHouse 18.16 has no query parameters
 * (`{name:Type}` came later), so every value a query carries goes through {@link literal}:
 * one function, tested against hostile strings, that both 18.16 and current releases read
 * back as the same value.
 */

/** A value a query may carry. */
export type SqlValue = string | number | bigint | boolean | null | readonly SqlValue[];

// Inside a quoted string ClickHouse reads C-style escapes: the backslash, the quote and the
// control characters are escaped; everything else (any Unicode) is taken as is, as UTF-8.
const ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  "'": "\\'",
  '\0': '\\0',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

/**
 * A value as a SQL literal: strings quoted with escapes, finite numbers as they are (a
 * non-finite one throws: no caller means to send one), booleans as 1/0, null as NULL, arrays
 * as `[…]` (for `IN (…)`, see {@link list}).
 */
export function literal(value: SqlValue): string {
  if (value === null) return 'NULL';
  if (typeof value === 'string') return `'${value.replace(/[\\'\0\b\f\n\r\t]/g, (c) => ESCAPES[c]!)}'`;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`not a finite number: ${value}`);
    return Number.isInteger(value) ? value.toFixed(0) : String(value);
  }
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'boolean') return value ? '1' : '0';
  return `[${value.map(literal).join(', ')}]`;
}

/** A parenthesized list of literals for `IN (…)`; never empty (an empty list is `(NULL)`, which matches nothing). */
export function list(values: readonly SqlValue[]): string {
  return values.length ? `(${values.map(literal).join(', ')})` : '(NULL)';
}

/**
 * `values` as `IN (…)` lists of at most `maxBytes` of SQL each (at least one value a list), so no
 * query passes the server's `max_query_size` (256 KiB by default), however many values a call has.
 */
export function lists(values: readonly SqlValue[], maxBytes = 100_000): string[] {
  const out: string[] = [];
  let current: string[] = [];
  let bytes = 0;
  for (const value of values) {
    const text = literal(value);
    if (current.length && bytes + text.length + 2 > maxBytes) {
      out.push(`(${current.join(', ')})`);
      current = [];
      bytes = 0;
    }
    current.push(text);
    bytes += text.length + 2;
  }
  if (current.length) out.push(`(${current.join(', ')})`);
  return out;
}

/**
 * A query with its values inlined as literals: `sql\`SELECT … WHERE id = ${id}\``. Only
 * values are interpolated this way; a fragment of SQL (already built from literals) is
 * passed as `raw(text)`.
 */
export function sql(strings: TemplateStringsArray, ...values: ReadonlyArray<SqlValue | Raw>): string {
  return strings.reduce((out, s, i) => {
    if (i === 0) return s;
    const v = values[i - 1]!;
    return out + (v instanceof Raw ? v.text : literal(v)) + s;
  }, '');
}

/** SQL text interpolated as is by {@link sql} (built by the caller from literals and fixed names). */
export class Raw {
  constructor(readonly text: string) {}
}

/** Marks SQL text to be interpolated as is by {@link sql}. */
export function raw(text: string): Raw {
  return new Raw(text);
}
