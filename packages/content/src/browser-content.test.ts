import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { browserContent, CONTENT_FIELDS, type FieldAudience, type FieldTable } from './browser-content.js';
import { contentDocumentSchema } from './document-schema.js';
import { validateContent } from './validate-content.js';

const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Record<string, any> } })._zod.def;
/** Conditions (recursive) and segments (a condition with an id) are taken whole. */
const opaque = (schema: z.ZodType): boolean => {
  const def = defOf(schema);
  return def.type === 'lazy' || def.type === 'intersection' || (def.innerType !== undefined && opaque(def.innerType));
};

/**
 * Every field path of a zod schema: `flows.steps.target` (arrays add nothing), `*` for each
 * key of a record of objects, `path.` for the plain form of a field that may also be an
 * object. A value that may be a condition is one field.
 */
function schemaFields(schema: z.ZodType, path = ''): Set<string> {
  const def = defOf(schema);
  const join = (key: string) => (path ? `${path}.${key}` : key);
  switch (def.type) {
    case 'object':
      return new Set(Object.entries(def.shape as Record<string, z.ZodType>).flatMap(([key, field]) => [...schemaFields(field, join(key))]));
    case 'array':
      return schemaFields(def.element, path);
    case 'optional':
    case 'nullable':
    case 'default':
    case 'readonly':
      return schemaFields(def.innerType, path);
    case 'pipe':
      return schemaFields(def.in, path);
    case 'union': {
      if ((def.options as z.ZodType[]).some(opaque)) return new Set([path]);
      const fields = new Set((def.options as z.ZodType[]).flatMap((option) => [...schemaFields(option, path)]));
      // A plain form beside object forms: `repeat: "once"` or `{ "everyDays": 30 }`.
      if (fields.has(path) && fields.size > 1) {
        fields.delete(path);
        fields.add(`${path}.`);
      }
      return fields;
    }
    case 'record': {
      const values = schemaFields(def.valueType, join('*'));
      return values.size === 1 && values.has(join('*')) ? new Set([path]) : values;
    }
    default:
      // Scalars, and the values taken whole (lazy conditions, intersections).
      return new Set([path]);
  }
}

/** Every field path of a classification table, in the same notation, with its audience. */
function tableFields(table: FieldTable, path = ''): Map<string, FieldAudience> {
  if (typeof table === 'string') return new Map([[path, table]]);
  return new Map(Object.entries(table).flatMap(([key, child]) => [...tableFields(child, key === '' ? `${path}.` : path ? `${path}.${key}` : key)]));
}

/**
 * The schema's fields that the table does not classify: each needs its own entry, except
 * below a `server` field (what is under a server-only field stays on the server). A
 * `browser` entry never covers fields below it, so nothing reaches the browser unlisted.
 */
function unclassified(schema: z.ZodType): string[] {
  const table = tableFields(CONTENT_FIELDS);
  const serverOnly = [...table].filter(([, audience]) => audience === 'server').map(([path]) => `${path}.`);
  return [...schemaFields(schema)].filter((f) => !table.has(f) && !serverOnly.some((prefix) => f.startsWith(prefix))).sort();
}

describe('CONTENT_FIELDS', () => {
  it('classifies every field of the content document, and nothing that is not one', () => {
    const schema = [...schemaFields(contentDocumentSchema)];
    expect(unclassified(contentDocumentSchema), 'fields of the schema to classify in CONTENT_FIELDS').toEqual([]);
    const stale = [...tableFields(CONTENT_FIELDS).keys()].filter((t) => !schema.some((f) => f === t || f.startsWith(`${t}.`)));
    expect(stale, 'fields of CONTENT_FIELDS the schema no longer has').toEqual([]);
    expect(schema.length).toBeGreaterThan(100);
  });

  it('would catch a field added to the schema later, however deep', () => {
    const settings = defOf(contentDocumentSchema).shape.settings.unwrap() as z.ZodObject;
    const added = contentDocumentSchema.extend({
      settings: settings.extend({ smtp: z.object({ password: z.string() }).optional() }).optional(),
      campaigns: z
        .array(z.object({ id: z.string(), action: z.union([z.object({ email: z.object({ body: z.string() }) }), z.object({ webhook: z.url() })]) }))
        .optional(),
    });
    expect(unclassified(added)).toEqual(['campaigns.action.email.body', 'campaigns.action.webhook', 'campaigns.id', 'settings.smtp.password']);
  });
});

describe('browserContent', () => {
  const doc = {
    version: 1,
    settings: { throttle: { maxPerSession: 2 }, theme: { accent: '#4f46e5', font: 'Inter, sans-serif' }, identityVerification: true, holdout: 5 },
    features: [{ id: 'add', name: 'Add a todo', selector: '.new-todo' }],
    segments: [{ id: 'admins', name: 'Admins', trait: 'role', op: 'eq', value: 'admin' }],
    flows: [
      {
        id: 'welcome',
        name: 'Welcome tour',
        audience: 'admins',
        trigger: { on: 'page', url: '/app/*' },
        repeat: 'once',
        experiment: {
          id: 'tour-copy',
          goal: { event: 'Todo Added', withinDays: 7 },
          control: 10,
          minimumDetectableEffect: 0.2,
          variants: [{ id: 'a', weight: 1, steps: { hello: { title: 'Hi' } } }],
        },
        steps: [
          { id: 'hello', title: { en: 'Welcome', ja: 'ようこそ' }, advance: 'button' },
          { id: 'add', target: ['.new-todo', '#add'], advance: { event: 'Todo Added' } },
        ],
      },
    ],
    messages: [
      { id: 'news', kind: 'banner', name: 'News', repeat: { everyDays: 30 }, title: 'New', cta: { label: 'Go', action: { url: '/reports', newTab: true } } },
    ],
    checklists: [
      { id: 'start', title: 'Start', items: [{ id: 'one', title: 'One', done: { event: 'Todo Added', count: { op: 'gte', value: 3 } }, action: 'dismiss' }] },
    ],
    resources: {
      articles: [{ id: 'a', title: 'A', body: 'B', tags: ['x'] }],
      contact: { email: 'help@example.com', accountTrait: 'csm_email', tiers: ['high'] },
    },
    surveys: [{ id: 'nps', kind: 'nps', question: 'How likely…?', trigger: { on: 'delay', seconds: 30 } }],
    health: {
      windowDays: 14,
      signals: [{ event: 'Todo Added', weight: 2 }],
      alerts: [{ below: 40, webhook: 'https://hooks.slack.com/services/T00/B00/SECRET-TOKEN' }],
    },
  };

  it('leaves out health (webhooks with their tokens), experiment goals and names, and keeps everything the SDK runs on (was: webhooks served to every visitor)', () => {
    const validation = validateContent(doc);
    expect(validation.ok).toBe(true);
    const projected = browserContent(validation.ok ? validation.document : (undefined as never));
    expect(JSON.stringify(projected)).not.toMatch(/SECRET-TOKEN|hooks\.slack|Welcome tour|"goal"|minimumDetectableEffect/);
    const { health: _h, ...rest } = doc;
    const expected = JSON.parse(JSON.stringify(rest));
    delete expected.features[0].name;
    delete expected.flows[0].name;
    delete expected.flows[0].experiment.goal;
    delete expected.flows[0].experiment.minimumDetectableEffect;
    delete expected.messages[0].name;
    expect(projected).toEqual(expected);
  });

  it('leaves out what it does not know, and plain values where only objects are classified', () => {
    expect(browserContent({ version: 1, journeys: [{ email: { body: 'x' } }], settings: { throttle: 'lots' } } as never)).toEqual({ version: 1, settings: {} });
    expect(browserContent({ version: 1, constructor: { x: 1 }, toString: 'x', settings: { hasOwnProperty: 1 } } as never)).toEqual({
      version: 1,
      settings: {},
    });
  });
});
