/**
 * The checklist and the resource center: what the dock shows, kept in step with what the
 * user does. A checklist item is done when its condition holds (an event, a trait, a
 * feature, counted with the server's profile, so other sessions and devices count) or its
 * flow was completed anywhere; once done it stays done. `Checklist Item Completed` is sent
 * once per item, also across devices (the profile knows it was sent).
 */
import {
  audienceFailure,
  EVENTS,
  localize,
  matchesAudience,
  segmentsOf,
  type Action,
  type Checklist,
  type Condition,
  type ContentDocument,
  type Resources,
} from '@touchpoint/content';
import type { DockView, ResourcesView } from '@touchpoint/ui';
import type { EngineDockActions } from './presenter.js';
import { targetingOf, type Facts } from './facts.js';
import type { WhoIsIt } from './flows.js';
import type { KeyValueStore } from './storage.js';

const STATE = 'tp.checklists';

interface ChecklistState {
  done?: string[];
  dismissed?: number;
}

export interface WidgetsOptions {
  store: KeyValueStore;
  facts: Facts;
  locale: string;
  identity(): WhoIsIt;
  url(): string;
  now(): number;
  /** Whether the flow was completed, on any device. */
  flowCompleted(flowId: string): boolean;
  track(event: string, properties: Record<string, unknown>): void;
  /** Runs a checklist item's action (start a flow, open a URL, track an event). */
  run(action: Action): void;
  /** Draws the dock (loading the UI on first use). */
  dock(view: DockView | null, actions: EngineDockActions): void;
}

export interface Widgets {
  setContent(content: ContentDocument): void;
  /** Something happened or the user's facts changed: items may be done now. */
  refresh(): void;
  openResources(query?: string): void;
  /**
   * Shows checklist `id` with its panel open, whatever its audience and even if it was put
   * away: on this page, until it is put away again. False when there is no such checklist.
   */
  show(id: string): boolean;
  /** Why checklist `id` shows or not (undefined: no such checklist). */
  explain(id: string): { eligible: boolean; reasons: string[] } | undefined;
  reset(): void;
}

export function createWidgets(o: WidgetsOptions): Widgets {
  let content: ContentDocument = { version: 1 };
  let open: DockView['open'] = null;
  let search: DockView['search'];
  let drawn = false;
  // The checklist `show(id)` asked for: it shows whatever its audience.
  let forced: string | undefined;
  const text = (t: Parameters<typeof localize>[0]) => localize(t, o.locale, content.settings?.locale) ?? '';
  const states = () => o.store.get<Record<string, ChecklistState>>(STATE) ?? {};
  const save = (id: string, state: ChecklistState) => o.store.set(STATE, { ...states(), [id]: state });

  const context = () => targetingOf(o.identity(), o.url(), o.now(), o.facts);

  const checklists = () => content.checklists ?? [];

  /** Why checklist `c` does not show for this user by itself (empty: it may). */
  function blockers(c: Checklist, all = states()): string[] {
    const audience = audienceFailure(c.audience, context(), segmentsOf(content.segments));
    const reasons = audience ? [`audience: ${audience}`] : [];
    if (all[c.id]?.dismissed || o.facts.contentLast(c.id, 'dismissed') !== undefined) reasons.push('dismissed by the user');
    return reasons;
  }

  /** The checklist for this user: the one asked for by `show`, else the first whose audience matches and that was not put away. */
  function checklist(all = states()): Checklist | undefined {
    return checklists().find((c) => c.id === forced) ?? checklists().find((c) => !blockers(c, all).length);
  }

  /**
   * The items done now, recorded; and those to announce (`Checklist Item Completed`, once on
   * any device). The caller announces them after drawing: tracking re-enters `refresh`, which
   * then finds them recorded.
   */
  function doneItems(c: Checklist, all: Record<string, ChecklistState>): { done: Set<string>; announce: string[] } {
    const state = all[c.id] ?? {};
    const done = new Set(state.done);
    const ctx = context();
    const segments = segmentsOf(content.segments);
    const announce: string[] = [];
    for (const item of c.items) {
      if (done.has(item.id)) continue;
      const rule = item.done;
      const sent = o.facts.contentLast(`${c.id}/${item.id}`, 'completed') !== undefined;
      const holds = 'flow' in rule && typeof rule.flow === 'string' ? o.flowCompleted(rule.flow) : matchesAudience(rule as Condition, ctx, segments);
      if (!holds && !sent) continue;
      done.add(item.id);
      if (!sent) announce.push(item.id);
    }
    if (done.size !== (state.done?.length ?? 0)) save(c.id, { ...state, done: [...done] });
    return { done, announce };
  }

  // Localized once per content: the same array on every refresh, so the open panel keeps its search index.
  let articles: ResourcesView['articles'] | undefined;
  function resources(): ResourcesView | undefined {
    const r = content.resources;
    if (!r?.articles?.length) return undefined;
    articles ??= r.articles.map((a) => ({
      id: a.id,
      title: text(a.title),
      body: text(a.body),
      tags: a.tags,
      url: a.url,
      image: a.image,
      imageAlt: a.imageAlt && text(a.imageAlt),
      video: a.video,
    }));
    return { articles, contact: contactOf(r.contact, o.identity(), text) };
  }

  const actions: EngineDockActions = {
    open(panel) {
      open = panel;
      refresh();
    },
    runItem(itemId) {
      const c = checklist();
      const action = c?.items.find((i) => i.id === itemId)?.action;
      if (!action) return;
      open = null;
      refresh();
      o.run(action);
    },
    dismissChecklist() {
      const c = checklist();
      if (!c) return;
      save(c.id, { ...states()[c.id], dismissed: o.now() });
      forced = undefined;
      o.track(EVENTS.checklistDismissed, { checklist_id: c.id });
      open = null;
      refresh();
    },
    searched: (query, results) => o.track(EVENTS.resourceSearched, { query, results }),
    viewed: (articleId) => o.track(EVENTS.resourceViewed, { article_id: articleId }),
  };

  function refresh() {
    const all = states();
    const c = checklist(all);
    const view: DockView = { open, search, resources: resources() };
    let announce: string[] = [];
    if (c) {
      const items = doneItems(c, all);
      const done = items.done;
      announce = items.announce;
      view.checklist = {
        id: c.id,
        title: text(c.title),
        items: c.items.map((i) => ({
          id: i.id,
          title: text(i.title),
          description: i.description && text(i.description),
          done: done.has(i.id),
          actionable: !!i.action,
        })),
      };
    }
    if (view.open && !view[view.open]) view.open = open = null;
    if (!view.checklist && !view.resources) {
      if (drawn) o.dock(null, actions);
      drawn = false;
      return;
    }
    drawn = true;
    o.dock(view, actions);
    for (const id of announce) o.track(EVENTS.checklistItemCompleted, { checklist_id: c!.id, item_id: id });
  }

  return {
    setContent(next) {
      content = next;
      articles = undefined;
      refresh();
    },
    refresh,
    openResources(query) {
      open = 'resources';
      if (typeof query === 'string' && query.trim()) search = { query: query.trim().slice(0, 200), key: (search?.key ?? 0) + 1 };
      refresh();
    },
    show(id) {
      if (!checklists().some((c) => c.id === id)) return false;
      forced = id;
      open = 'checklist';
      refresh();
      return true;
    },
    explain(id) {
      const c = checklists().find((x) => x.id === id);
      if (!c) return undefined;
      const first = checklist();
      if (first === c) return { eligible: true, reasons: [] };
      const reasons = blockers(c);
      // One checklist at a time: the first for this user.
      if (!reasons.length && first) reasons.push(`checklist "${first.id}" shows instead (one at a time)`);
      return { eligible: false, reasons };
    },
    reset() {
      o.store.remove(STATE);
      open = null;
      forced = undefined;
      refresh();
    },
  };
}

const SAFE_LINK = /^(https?:|mailto:)/i;

/**
 * The contact entry: for an account whose tier is one of `tiers` (all, when not given) and
 * that has `accountTrait` (say, its success manager's email or booking link), that person;
 * otherwise the help address or URL. Only http(s) and mailto links are ever made.
 */
export function contactOf(contact: Resources['contact'], who: WhoIsIt, text: (t: Parameters<typeof localize>[0]) => string): ResourcesView['contact'] {
  if (!contact) return undefined;
  const label = contact.label === undefined ? undefined : text(contact.label);
  const own = contact.accountTrait ? who.groupTraits[contact.accountTrait] : undefined;
  const tier = who.groupTraits.tier;
  const candidates = [typeof own === 'string' && (!contact.tiers || contact.tiers.includes(String(tier))) ? own : undefined, contact.email, contact.url];
  for (const c of candidates) {
    if (!c) continue;
    const href = c.includes('@') && !c.includes(':') ? `mailto:${c}` : c;
    if (SAFE_LINK.test(href)) return { label, href };
  }
  return undefined;
}
