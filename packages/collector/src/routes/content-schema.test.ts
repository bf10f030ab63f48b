import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contentJsonSchema } from '@touchpoint/content';
import { expect, it } from 'vitest';
import { buildServer } from '../server.js';
import { openSqliteStore } from '../store/sqlite-store.js';

it('GET /content.schema.json: the described JSON Schema, public, cacheable and revalidated with its ETag', async () => {
  const app = await buildServer({ store: openSqliteStore(join(mkdtempSync(join(tmpdir(), 'tp-schema-')), 'db.sqlite')) });
  try {
    const res = await app.inject({ method: 'GET', url: '/content.schema.json', headers: { origin: 'https://editor.example' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/schema+json; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=3600');
    expect(res.headers['access-control-allow-origin']).toBe('*');
    const schema = res.json();
    expect(schema).toEqual(contentJsonSchema());
    expect(schema.properties.flows.items.properties.steps.items.properties.target.description).toMatch(/CSS selector/);
    const again = await app.inject({ method: 'GET', url: '/content.schema.json', headers: { 'if-none-match': String(res.headers.etag) } });
    expect(again.statusCode).toBe(304);
  } finally {
    await app.close();
  }
});
