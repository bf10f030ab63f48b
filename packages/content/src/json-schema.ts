import { z } from 'zod';
import { contentDocumentSchema } from './document-schema.js';

/**
 * The JSON Schema (draft 2020-12) of the content document, for editors: point a document's
 * `"$schema"` at `@touchpoint/content/content.schema.json` for completion and inline
 * errors. Checks that JSON Schema cannot express (selector syntax, references between
 * ids, cycles) are `touchpoint content validate`'s.
 */
export function contentJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(contentDocumentSchema, { unrepresentable: 'any', io: 'input' }),
    $id: 'https://touchpoint.dev/schema/content.schema.json',
    title: 'Touchpoint content document',
  };
}
