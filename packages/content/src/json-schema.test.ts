import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contentJsonSchema } from './json-schema.js';

describe('content.schema.json', () => {
  it('is the schema generated from the validator (run `pnpm build` after changing it)', () => {
    const committed = JSON.parse(readFileSync(new URL('../content.schema.json', import.meta.url), 'utf8'));
    expect(committed).toEqual(contentJsonSchema());
  });

  it('describes conditions recursively and lists the message kinds', () => {
    const text = JSON.stringify(contentJsonSchema());
    expect(text).toContain('"modal","banner","slideout","tooltip","hotspot"');
    expect(text).toMatch(/"\$ref":"#\/\$defs\//);
  });
});

describe('descriptions (hover help in editors)', () => {
  /** Every property of the schema, with its path, wherever it sits (lists, unions, records, definitions). */
  const properties = (schema: Record<string, unknown>) => {
    const out: Array<{ path: string; description?: unknown }> = [];
    const walk = (node: unknown, path: string) => {
      if (!node || typeof node !== 'object') return;
      const n = node as Record<string, unknown>;
      for (const [key, value] of Object.entries(n)) {
        if (key === 'properties' && value && typeof value === 'object') {
          for (const [name, property] of Object.entries(value)) {
            out.push({ path: `${path}.${name}`, description: (property as { description?: unknown }).description });
            walk(property, `${path}.${name}`);
          }
        } else if (key !== 'properties') walk(value, key === '$defs' ? '$defs' : path);
      }
    };
    walk(schema, '');
    return out;
  };

  it('describes every field', () => {
    const all = properties(contentJsonSchema());
    expect(all.length).toBeGreaterThan(150);
    expect(all.filter((p) => typeof p.description !== 'string' || p.description.length < 10).map((p) => p.path)).toEqual([]);
  });

  it('fails on a field nobody described (the walk sees through unions, lists and definitions)', () => {
    const schema = contentJsonSchema() as { properties: { flows: { items: { properties: { steps: { items: { properties: Record<string, unknown> } } } } } } };
    schema.properties.flows.items.properties.steps.items.properties.newField = { type: 'string' };
    expect(
      properties(schema as never)
        .filter((p) => p.description === undefined)
        .map((p) => p.path),
    ).toEqual(['.flows.steps.newField']);
  });
});
