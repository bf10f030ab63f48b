/**
 * The builder tool (CONTRACT §7), opened by `#touchpoint-builder=TOKEN`: a panel on the app's
 * own page to pick targets, edit tours and messages with their copy experiments, see them live
 * with the real UI, save the draft and open a preview. Its state lives here (the panel only
 * draws it) and in the tab's session storage, so reloads and navigation keep the work.
 */
import { localize, parseMarkdown, targetSelectors, type ContentDocument } from '@touchpoint/content';
import {
  builderLocale,
  fmt,
  mountBuilder,
  speak,
  t,
  type BuilderActions,
  type BuilderChange,
  type BuilderSelection,
  type BuilderView,
} from '@touchpoint/ui/builder';
import type { ToolContext, ToolModule } from '../tools.js';
import { restoreSession, keepSession, forgetSession, type SessionState } from './builder-session.js';
import { draftApi } from './draft-api.js';
import { applyChange, selectedFlow, selectedMessage } from './draft-edit.js';
import { createLivePreview, type PreviewItem } from './live-preview.js';
import { startPicker } from './picker.js';
import { checkSelector, proposeSelector } from './selector-proposal.js';

const EMPTY: ContentDocument = { version: 1 };

/** Where the panel first shows: the top-right corner, where apps put the least. */
const cornerOf = (win: Window | null) => ({ x: Math.max(8, (win?.innerWidth ?? 1024) - 376), y: 8 });

/** The first item to edit in a document: its first tour, else its first message. */
function firstSelection(doc: ContentDocument): BuilderSelection {
  if (doc.flows?.length || !doc.messages?.length) return { tab: 'flows', flowId: doc.flows?.[0]?.id, step: 0 };
  return { tab: 'messages', messageId: doc.messages[0]!.id, step: 0 };
}

export function openTool(context: ToolContext): () => void {
  const doc0 = context.document;
  const win = doc0.defaultView;
  let storage: Storage | undefined;
  try {
    storage = win?.sessionStorage;
  } catch {
    // Sandboxed: the panel works, without surviving reloads.
  }
  const api = draftApi(context.host, context.token, win?.fetch.bind(win));
  const surface = mountBuilder(doc0);
  const kept = restoreSession(storage, context.token);
  let state: SessionState = kept ?? { token: context.token, doc: EMPTY, selection: firstSelection(EMPTY), dirty: false, position: cornerOf(win) };
  let view: Omit<BuilderView, keyof SessionState | 'tab' | 'flowId' | 'step' | 'messageId' | 'variant' | 'targets'> = { picking: false, errors: [] };
  // The element picked last, and for which selector: its check says when the selector's first match is another one.
  let picked: Element | undefined;
  let pickedAt = 0;
  let stopPicking: (() => void) | undefined;
  let closed = false;
  // The panel speaks the browser's language (English or Japanese): it draws once its words are here.
  let spoken = false;

  const preview = context.loadUI
    ? createLivePreview({
        document: doc0,
        locale: context.locale,
        loadUI: context.loadUI,
        raise: () => surface.raise(),
        goTo: (index) => {
          const flow = selectedFlow(state.doc, state.selection);
          if (flow && index >= 0 && index < flow.steps.length) select({ step: index });
          else preview?.show(state.doc, null);
        },
        missing: () => setStatus('error', t.targetMissing),
      })
    : undefined;

  function previewItem(): PreviewItem {
    const { doc, selection } = state;
    const flow = selectedFlow(doc, selection);
    if (selection.tab === 'flows' && flow?.steps[selection.step]) {
      const variant = flow.experiment?.variants.find((v) => v.id === selection.variant);
      return { flow, step: selection.step, copy: variant?.steps };
    }
    const message = selectedMessage(doc, selection);
    if (selection.tab === 'messages' && message) {
      const variant = message.experiment?.variants.find((v) => v.id === selection.variant);
      return { message, content: variant ? variant.content : message };
    }
    return null;
  }

  /** The selectors of what is selected: its target, then its fallbacks. */
  function selectedTargets(): string[] {
    const { doc, selection } = state;
    const item = selection.tab === 'flows' ? selectedFlow(doc, selection)?.steps[selection.step] : selectedMessage(doc, selection);
    return item ? targetSelectors(item) : [];
  }

  let frame = 0;
  function render() {
    if (closed || !spoken) return;
    const targets = selectedTargets().map((selector, i) => (selector ? checkSelector(doc0, selector, i === pickedAt ? picked : undefined) : undefined));
    surface.render({ ...state, ...state.selection, ...view, targets }, actions);
  }
  /** Re-counts the target's matches when the page changes (at most once a frame). */
  const watcher = new (win?.MutationObserver ?? MutationObserver)(() => {
    if (frame || !win) return;
    frame = win.requestAnimationFrame(() => {
      frame = 0;
      render();
    });
  });
  watcher.observe(doc0, { subtree: true, childList: true, attributes: true });

  let previewTimer: ReturnType<typeof setTimeout> | undefined;
  /**
   * Shows what is selected, live. While picking, nothing: the preview (a spotlight, a modal)
   * would cover what the PM points at, whatever else changes meanwhile (the panel moved, a field typed in).
   */
  function showPreview() {
    preview?.show(state.doc, view.picking ? null : previewItem());
  }
  function update(next: Partial<SessionState>, options: { dirty?: boolean; previewNow?: boolean } = {}) {
    state = { ...state, ...next, ...(options.dirty && { dirty: true }) };
    if (options.dirty) view = { ...view, status: undefined };
    keepSession(storage, state);
    render();
    clearTimeout(previewTimer);
    // Typing redraws the preview once the PM pauses, not at every key.
    previewTimer = setTimeout(showPreview, options.previewNow ? 0 : 150);
  }

  function setStatus(tone: 'info' | 'error', text: string, errors = view.errors) {
    view = { ...view, status: { tone, text }, errors };
    render();
  }

  function select(selection: Partial<BuilderSelection>) {
    picked = undefined;
    update({ selection: { ...state.selection, ...selection } }, { previewNow: true });
  }

  /** The picked element stays with its selector when the list is reordered, and goes with it when removed (typing over it keeps it). */
  function followPicked(after: string[]) {
    const before = selectedTargets();
    const mine = before[pickedAt];
    if (mine === undefined || after[pickedAt] === mine) return;
    const moved = after.indexOf(mine);
    if (moved >= 0) pickedAt = moved;
    else if (after.length < before.length) picked = undefined;
  }

  function edit(change: BuilderChange) {
    if (change.kind === 'target') followPicked(change.selectors);
    const next = applyChange(state.doc, state.selection, change);
    update(
      { doc: next.doc, selection: next.selection },
      { dirty: true, previewNow: change.kind !== 'step' && change.kind !== 'target' && change.kind !== 'message' && change.kind !== 'variant' },
    );
  }

  /**
   * Puts the picked element's selector on the selected step or message, as its target (`at` 0)
   * or its fallback `at` (a new one past the end); a new tour when none is selected.
   */
  function usePicked(element: Element, at: number) {
    const proposal = proposeSelector(doc0, element);
    if (state.selection.tab === 'messages') {
      const message = selectedMessage(state.doc, state.selection);
      if (!message) return;
      if (message.kind !== 'tooltip' && message.kind !== 'hotspot') edit({ kind: 'message', patch: { kind: 'tooltip' } });
    } else if (!selectedFlow(state.doc, state.selection)) edit({ kind: 'addFlow' });
    const selectors = selectedTargets();
    const index = Math.min(at, selectors.length);
    selectors[index] = proposal.selector;
    edit({ kind: 'target', selectors });
    picked = element;
    pickedAt = index;
    render();
    clearTimeout(previewTimer);
    showPreview();
  }

  /** Saves the draft; over `etag` only, when given (someone else's newer save is never overwritten unseen). */
  async function save(etag: string | undefined) {
    setStatus('info', t.saving, []);
    try {
      const result = await api.save(state.doc, etag);
      if (result.ok) {
        update({ dirty: false, etag: result.etag });
        setStatus('info', t.saved, []);
      } else if (result.conflict) {
        view = { ...view, conflict: true };
        setStatus('error', t.conflict, []);
      } else setStatus('error', fmt(t.notSaved, { why: result.message }), result.errors);
    } catch (e) {
      setStatus('error', fmt(t.notSaved, { why: String(e) }));
    }
  }

  /** Reads the saved draft (or the published content) and edits it, unless edits started meanwhile (`force`: drop them). */
  async function load(force = false) {
    try {
      const loaded = await api.load();
      if (closed || (state.dirty && !force)) return;
      const doc = loaded?.doc ?? EMPTY;
      update({ doc, etag: loaded?.etag, dirty: false, selection: firstSelection(doc) }, { previewNow: true });
      if (force) setStatus('info', t.loadedDraft, []);
    } catch (e) {
      setStatus('error', fmt(t.notLoaded, { why: String(e) }));
    }
  }

  /** Opens the saved draft in a new tab; `debug`: with the debugger (CONTRACT §7) beside it. */
  async function openPreview(debug: boolean) {
    try {
      // The preview shows the saved draft: unsaved changes are saved first.
      if (state.dirty) {
        await actions.save();
        if (state.dirty) return;
      }
      const url = await api.preview(win!.location.href);
      // noopener: the new tab gets a session storage of its own, so the builder does not open there too.
      win!.open(debug ? `${url}&touchpoint-debug` : url, '_blank', 'noopener');
      setStatus('info', debug ? t.debugOpened : t.previewOpened);
    } catch (e) {
      setStatus('error', fmt(t.noPreview, { why: String(e) }));
    }
  }

  const actions: BuilderActions = {
    edit,
    select,
    pick(at = 0) {
      if (stopPicking) {
        stopPicking();
        stopPicking = undefined;
        const again = view.pickingAt !== at;
        view = { ...view, picking: false };
        update({}, { previewNow: true });
        // Another selector's button while picking: picking goes on for that one.
        if (!again) return;
      }
      view = { ...view, picking: true, pickingAt: at };
      render();
      clearTimeout(previewTimer);
      showPreview();
      stopPicking = startPicker({
        document: doc0,
        // Ours: the panel, and the end users' UI the preview shows in.
        ours: (node) => node === surface.host || (node as Element).localName === 'touchpoint-ui',
        // The panel's fields and its handle (moved by the arrows) keep their keys while picking.
        keepsKeys: (node) => surface.host.shadowRoot!.contains(node as Node) && !!(node as Element).matches?.('input, textarea, select, .handle'),
        outline: (_el, rect) => surface.outline(rect),
        pick(element) {
          stopPicking = undefined;
          view = { ...view, picking: false };
          usePicked(element, at);
        },
        cancel() {
          stopPicking = undefined;
          view = { ...view, picking: false };
          update({}, { previewNow: true });
        },
      });
    },
    async save() {
      await save(state.etag);
    },
    resolveConflict(choice) {
      view = { ...view, conflict: false };
      if (choice === 'replace') return void save(undefined);
      forgetSession(storage);
      void load(true);
    },
    preview: () => openPreview(false),
    debug: () => openPreview(true),
    close() {
      // Closed on purpose: the next page of this tab starts without the builder, and without its kept state.
      forgetSession(storage);
      context.close();
    },
    move(position) {
      const w = win?.innerWidth ?? 1024;
      const h = win?.innerHeight ?? 768;
      // Always reachable: at least the handle stays on screen.
      update({ position: { x: Math.min(Math.max(position.x, -300), w - 60), y: Math.min(Math.max(position.y, 0), h - 40) } });
    },
    markdown: (source) => parseMarkdown(localize(source, context.locale) ?? ''),
  };

  // (The published content does not run in a builder's tab: the runtime starts no engine there.)
  void speak(builderLocale(win?.navigator.languages ?? [])).then(() => {
    spoken = true;
    render();
  });
  if (!kept) void load();
  else update({}, { previewNow: true });

  return () => {
    closed = true;
    stopPicking?.();
    clearTimeout(previewTimer);
    if (frame) win?.cancelAnimationFrame(frame);
    watcher.disconnect();
    preview?.destroy();
    surface.destroy();
  };
}

/** The builder as a tool module (`/sdk/<version>/builder.js`). */
export const builderTool: ToolModule = { openTool };
