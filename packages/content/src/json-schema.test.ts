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
