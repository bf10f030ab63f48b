import { h } from 'preact';
import { MessageForm } from './MessageForm.js';
import { StepForm } from './StepForm.js';
import type { BuilderActions, BuilderView } from './builder-view.js';
import { fmt, t } from './strings.js';

const MESSAGE_KINDS = ['modal', 'banner', 'slideout', 'tooltip', 'hotspot'] as const;

/** Moves the panel by the arrow keys (Shift: further), so it never hides what the PM works on. */
function onMoveKey(event: KeyboardEvent, view: BuilderView, actions: BuilderActions) {
  const by = event.shiftKey ? 80 : 20;
  const d = { ArrowLeft: [-by, 0], ArrowRight: [by, 0], ArrowUp: [0, -by], ArrowDown: [0, by] }[event.key];
  if (!d) return;
  event.preventDefault();
  actions.move({ x: view.position.x + d[0]!, y: view.position.y + d[1]! });
}

/** Drags the panel by its handle. */
function onDragStart(event: PointerEvent, view: BuilderView, actions: BuilderActions) {
  if (event.button !== 0) return;
  const handle = event.currentTarget as HTMLElement;
  const start = { x: event.clientX - view.position.x, y: event.clientY - view.position.y };
  handle.setPointerCapture(event.pointerId);
  const move = (e: PointerEvent) => actions.move({ x: e.clientX - start.x, y: e.clientY - start.y });
  const end = () => {
    handle.removeEventListener('pointermove', move);
    handle.removeEventListener('pointerup', end);
    handle.removeEventListener('pointercancel', end);
  };
  handle.addEventListener('pointermove', move);
  handle.addEventListener('pointerup', end);
  handle.addEventListener('pointercancel', end);
}

/** The builder panel: a region of its own, movable, with the draft's flows and messages and the item being edited. */
export function BuilderPanel({ view, actions }: { view: BuilderView; actions: BuilderActions }) {
  const flows = view.doc.flows ?? [];
  const messages = view.doc.messages ?? [];
  const flow = flows.find((f) => f.id === view.flowId);
  const message = messages.find((m) => m.id === view.messageId);
  return (
    <section class="panel" lang={t.lang} aria-label={t.panel} style={{ left: `${view.position.x}px`, top: `${view.position.y}px` }}>
      <header class="bar">
        <button
          type="button"
          class="handle"
          aria-label={t.move}
          aria-describedby="tp-move-help"
          onPointerDown={(e) => onDragStart(e as PointerEvent, view, actions)}
          onKeyDown={(e) => onMoveKey(e as KeyboardEvent, view, actions)}
        >
          ⠿
        </button>
        <span id="tp-move-help" hidden>
          {t.moveHelp}
        </span>
        <h2>{t.panel}</h2>
        <button type="button" class="quiet" onClick={actions.close}>
          {t.close}
        </button>
      </header>
      <fieldset class="tabs">
        <legend class="sr">{t.whatToEdit}</legend>
        <button type="button" aria-pressed={view.tab === 'flows'} onClick={() => actions.select({ tab: 'flows' })}>
          {t.tours}
        </button>
        <button type="button" aria-pressed={view.tab === 'messages'} onClick={() => actions.select({ tab: 'messages' })}>
          {t.messages}
        </button>
      </fieldset>
      <div class="body">
        {view.tab === 'flows' ? (
          <div>
            <div class="row">
              <label for="tp-flow">{t.tour}</label>
              <select
                id="tp-flow"
                value={view.flowId ?? ''}
                onChange={(e) => actions.select({ flowId: (e.target as HTMLSelectElement).value, step: 0, variant: undefined })}
              >
                {flows.length === 0 && <option value="">{t.noTours}</option>}
                {flows.map((f) => (
                  <option value={f.id} key={f.id}>
                    {f.name ?? f.id}
                  </option>
                ))}
              </select>
              <button type="button" onClick={() => actions.edit({ kind: 'addFlow' })}>
                {t.newTour}
              </button>
            </div>
            {flow ? (
              <StepForm flow={flow} view={view} actions={actions} />
            ) : (
              <div class="row">
                <p>{t.noTourHelp}</p>
                <button type="button" onClick={() => actions.edit({ kind: 'addFlow' })}>
                  {t.addStep}
                </button>
                <button type="button" aria-pressed={view.picking} onClick={() => actions.pick(0)}>
                  {t.pickElement}
                </button>
              </div>
            )}
          </div>
        ) : (
          <div>
            <div class="row">
              <label for="tp-message">{t.message}</label>
              <select
                id="tp-message"
                value={view.messageId ?? ''}
                onChange={(e) => actions.select({ messageId: (e.target as HTMLSelectElement).value, variant: undefined })}
              >
                {messages.length === 0 && <option value="">{t.noMessages}</option>}
                {messages.map((m) => (
                  <option value={m.id} key={m.id}>
                    {m.name ?? m.id} ({t.messageKinds[m.kind] ?? m.kind})
                  </option>
                ))}
              </select>
            </div>
            <fieldset class="row">
              <legend class="sr">{t.newMessage}</legend>
              {MESSAGE_KINDS.map((kind) => (
                <button type="button" key={kind} onClick={() => actions.edit({ kind: 'addMessage', messageKind: kind })}>
                  {fmt(t.newKind, { kind: t.messageKinds[kind] ?? kind })}
                </button>
              ))}
            </fieldset>
            {message && <MessageForm message={message} view={view} actions={actions} />}
          </div>
        )}
      </div>
      <footer class="bar">
        <button type="button" class="primary" onClick={actions.save}>
          {t.saveDraft}
        </button>
        <button type="button" onClick={actions.preview}>
          {t.preview}
        </button>
        <button type="button" onClick={actions.debug}>
          {t.why}
        </button>
        <span class="status" role="status" data-tone={view.status?.tone}>
          {view.status?.text ?? (view.dirty ? t.unsaved : '')}
        </span>
      </footer>
      {view.conflict && (
        <div class="row conflict">
          <button type="button" onClick={() => actions.resolveConflict('reload')}>
            {t.loadTheirs}
          </button>
          <button type="button" onClick={() => actions.resolveConflict('replace')}>
            {t.replaceMine}
          </button>
        </div>
      )}
      {view.errors.length > 0 && (
        <ul class="errors" aria-label={t.draftNeeds}>
          {view.errors.map((e) => (
            <li key={e.path}>
              <code>{e.path}</code> {e.message}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
