import type { DebugSnapshot } from './snapshot.js';

type Child = Node | string | false | undefined;

/** An element with attributes and children; text is always text (never parsed as HTML). */
export function element(doc: Document, tag: string, attributes: Record<string, string> = {}, ...children: Child[]): HTMLElement {
  const el = doc.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  for (const child of children) if (child !== false && child !== undefined) el.append(child);
  return el;
}

const show = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));
const time = (ms: number) => new Date(ms).toLocaleTimeString();

/** A definition list of `pairs`, or a line saying there are none. */
function pairs(doc: Document, entries: Array<[string, unknown]>, none: string): HTMLElement {
  const h = element.bind(null, doc);
  return entries.length ? h('dl', {}, ...entries.flatMap(([name, value]) => [h('dt', {}, name), h('dd', {}, show(value))])) : h('p', { class: 'empty' }, none);
}

/**
 * The debugger's details for one snapshot: the content's items with why each does or does
 * not show, the user and their account, their segments, and their events.
 */
export function renderSnapshot(doc: Document, { items, inspection }: DebugSnapshot): DocumentFragment {
  const h = element.bind(null, doc);
  const out = doc.createDocumentFragment();
  out.append(
    h('h3', {}, `Content (${items.length})`),
    items.length
      ? h(
          'ul',
          {},
          ...items.map((item) =>
            h(
              'li',
              { class: 'item' },
              h('span', { class: 'kind' }, item.kind, item.detail ? ` (${item.detail})` : ''),
              ' ',
              h('strong', {}, item.id),
              ': ',
              h('span', { class: item.eligible ? 'yes' : 'no' }, item.eligible ? 'eligible, shows now' : 'not eligible'),
              item.reasons.length > 0 && h('ul', {}, ...item.reasons.map((reason) => h('li', {}, reason))),
            ),
          ),
        )
      : h('p', { class: 'empty' }, 'The content has nothing for this page to run.'),
  );
  if (!inspection) return out;
  const { user, segments, recent, totals } = inspection;
  out.append(
    h('h3', {}, 'User'),
    pairs(doc, [['user id', user.userId ?? '(anonymous)'], ['anonymous id', user.anonymousId], ...Object.entries(user.traits)], ''),
    h('h3', {}, 'Account traits'),
    pairs(doc, Object.entries(user.groupTraits), 'No account traits (no group call yet).'),
    h('h3', {}, 'Segments'),
    segments.length
      ? h(
          'ul',
          {},
          ...segments.map((s) =>
            h('li', {}, h('strong', {}, s.id), ': ', h('span', { class: s.member ? 'yes' : 'no' }, s.member ? 'in' : 'not in'), s.reason && ` (${s.reason})`),
          ),
        )
      : h('p', { class: 'empty' }, 'The content defines no segments.'),
    h('h3', {}, 'Recent events (this page)'),
    recent.length ? h('ol', {}, ...recent.map((e) => h('li', {}, `${time(e.at)} ${e.event}`))) : h('p', { class: 'empty' }, 'None yet.'),
    h('h3', {}, 'Event counts (all time, every device)'),
    pairs(
      doc,
      Object.entries(totals).sort(([a], [b]) => a.localeCompare(b)),
      'None.',
    ),
  );
  return out;
}
