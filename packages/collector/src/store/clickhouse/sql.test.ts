import { describe, expect, it } from 'vitest';
import { list, lists, literal, raw, sql } from './sql.js';

// The values are read back by a real server in clickhouse-store.test.ts; here, the text.
describe('literal: values written into ClickHouse SQL', () => {
  it('quotes strings, escaping the backslash, the quote and control characters', () => {
    expect(literal("it's")).toBe("'it\\'s'");
    expect(literal('a\\b')).toBe("'a\\\\b'");
    expect(literal("\\'")).toBe("'\\\\\\''");
    expect(literal('nul\u0000tab\tnl\nret\rbs\bff\f')).toBe("'nul\\0tab\\tnl\\nret\\rbs\\bff\\f'");
    expect(literal('ünï 🎉')).toBe("'ünï 🎉'");
    expect(literal("'; DROP TABLE events; --")).toBe("'\\'; DROP TABLE events; --'");
  });

  it('writes numbers as they are and refuses NaN and infinities', () => {
    expect(literal(42)).toBe('42');
    expect(literal(-1_700_000_000_000)).toBe('-1700000000000');
    expect(literal(0.5)).toBe('0.5');
    expect(literal(2n ** 64n - 1n)).toBe('18446744073709551615');
    expect(() => literal(Number.NaN)).toThrow(/finite/);
    expect(() => literal(Number.POSITIVE_INFINITY)).toThrow(/finite/);
  });

  it('writes null, booleans, arrays and IN lists', () => {
    expect(literal(null)).toBe('NULL');
    expect(literal(true)).toBe('1');
    expect(literal(['a', 1, null])).toBe("['a', 1, NULL]");
    expect(list(['x', "y'"])).toBe("('x', 'y\\'')");
    expect(list([])).toBe('(NULL)');
  });

  it("splits a long IN list so no query passes the server's size limit", () => {
    const ids = Array.from({ length: 5000 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    const parts = lists(ids, 10_000);
    expect(parts.length).toBeGreaterThan(10);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(10_002);
    expect(parts.join(', ').replace(/[()]/g, '')).toBe(ids.map(literal).join(', '));
    expect(lists([])).toEqual([]);
    expect(lists(['x'.repeat(50)], 10)).toEqual([`('${'x'.repeat(50)}')`]);
  });

  it('inlines values in a template, and fragments only when marked raw', () => {
    const name = "x' OR 1 = 1 --";
    expect(sql`SELECT 1 WHERE a = ${name} AND b IN ${raw(list([1, 2]))}`).toBe("SELECT 1 WHERE a = 'x\\' OR 1 = 1 --' AND b IN (1, 2)");
  });
});
