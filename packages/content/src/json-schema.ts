import { z } from 'zod';
import { contentDocumentSchema } from './document-schema.js';
import { FIELD_DESCRIPTIONS, type FieldDoc, type FieldDocs } from './field-descriptions.js';

/**
 * The JSON Schema (draft 2020-12) of the content document, for editors: point a document's
 * `"$schema"` at `@touchpoint/content/content.schema.json` for completion and inline
 * errors. Checks that JSON Schema cannot express (selector syntax, references between
 * ids, cycles) are `touchpoint content validate`'s.
 */
export function contentJsonSchema(): Record<string, unknown> {
  const schema: Node = {
    ...z.toJSONSchema(contentDocumentSchema, { unrepresentable: 'any', io: 'input' }),
    $id: 'https://touchpoint.dev/schema/content.schema.json',
    title: 'Touchpoint content document',
    description: 'What Touchpoint shows in your app, to whom, and what it tracks (CONTRACT §6). Edit it, then `touchpoint content validate`.',
  };
  describe(schema, FIELD_DESCRIPTIONS, schema.$defs as Record<string, Node> | undefined, new Set());
  return schema;
}

type Node = Record<string, unknown>;

/**
 * Puts each field's description from the table on its property, through lists, unions
 * (`anyOf`, `oneOf`, `allOf`), records (`*`) and the recursive definitions (`$ref`).
 */
function describe(node: unknown, docs: FieldDocs, defs: Record<string, Node> | undefined, seen: Set<unknown>): void {
  if (!node || typeof node !== 'object') return;
  const n = node as Node;
  const ref = typeof n.$ref === 'string' ? /^#\/\$defs\/(.+)$/.exec(n.$ref)?.[1] : undefined;
  if (ref && defs?.[ref] && !seen.has(defs[ref])) {
    seen.add(defs[ref]);
    describe(defs[ref], docs, defs, seen);
  }
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    if (Array.isArray(n[key])) for (const branch of n[key]) describe(branch, docs, defs, seen);
  }
  describe(n.items, docs, defs, seen);
  if (n.additionalProperties && typeof n.additionalProperties === 'object' && docs['*']) describe(n.additionalProperties, fieldsOf(docs['*']), defs, seen);
  if (n.properties && typeof n.properties === 'object') {
    for (const [key, property] of Object.entries(n.properties as Record<string, Node>)) {
      const doc = Object.hasOwn(docs, key) ? docs[key] : undefined;
      if (!doc) continue;
      property.description = typeof doc === 'string' ? doc : doc.about;
      describe(property, fieldsOf(doc), defs, seen);
    }
  }
}

function fieldsOf(doc: FieldDoc): FieldDocs {
  return typeof doc === 'string' ? {} : doc.fields;
}
