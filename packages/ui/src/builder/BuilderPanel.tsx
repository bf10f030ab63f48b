import { h } from 'preact';
import { MessageForm } from './MessageForm.js';
import { StepForm } from './StepForm.js';
import type { BuilderActions, BuilderView } from './builder-view.js';

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
    <section class="panel" aria-label="Touchpoint builder" style={{ left: `${view.position.x}px`, top: `${view.position.y}px` }}>
      <header class="bar">
        <button
          type="button"
          class="handle"
          aria-label="Move the builder panel"
          aria-describedby="tp-move-help"
          onPointerDown={(e) => onDragStart(e as PointerEvent, view, actions)}
          onKeyDown={(e) => onMoveKey(e as KeyboardEvent, view, actions)}
        >
          ⠿
        </button>
        <span id="tp-move-help" hidden>
          Drag, or use the arrow keys
        </span>
        <h2>Touchpoint builder</h2>
        <button type="button" class="quiet" onClick={actions.close}>
          Close builder
        </button>
      </header>
      <fieldset class="tabs">
        <legend class="sr">What to edit</legend>
        <button type="button" aria-pressed={view.tab === 'flows'} onClick={() => actions.select({ tab: 'flows' })}>
          Tours
        </button>
        <button type="button" aria-pressed={view.tab === 'messages'} onClick={() => actions.select({ tab: 'messages' })}>
          Messages
        </button>
      </fieldset>
      <div class="body">
        {view.tab === 'flows' ? (
          <div>
            <div class="row">
              <label for="tp-flow">Tour</label>
              <select
                id="tp-flow"
                value={view.flowId ?? ''}
                onChange={(e) => actions.select({ flowId: (e.target as HTMLSelectElement).value, step: 0, variant: undefined })}
              >
                {flows.length === 0 && <option value="">No tours yet</option>}
                {flows.map((f) => (
                  <option value={f.id} key={f.id}>
                    {f.name ?? f.id}
                  </option>
                ))}
              </select>
              <button type="button" onClick={() => actions.edit({ kind: 'addFlow' })}>
                New tour
              </button>
            </div>
            {flow ? (
              <StepForm flow={flow} view={view} actions={actions} />
            ) : (
              <div class="row">
                <p>No tour yet: start one with a step, or pick the element it points at.</p>
                <button type="button" onClick={() => actions.edit({ kind: 'addFlow' })}>
                  Add step
                </button>
                <button type="button" aria-pressed={view.picking} onClick={() => actions.pick(0)}>
                  Pick an element
                </button>
              </div>
            )}
          </div>
        ) : (
          <div>
            <div class="row">
              <label for="tp-message">Message</label>
              <select
                id="tp-message"
                value={view.messageId ?? ''}
                onChange={(e) => actions.select({ messageId: (e.target as HTMLSelectElement).value, variant: undefined })}
              >
                {messages.length === 0 && <option value="">No messages yet</option>}
                {messages.map((m) => (
                  <option value={m.id} key={m.id}>
                    {m.name ?? m.id} ({m.kind})
                  </option>
                ))}
              </select>
            </div>
            <fieldset class="row">
              <legend class="sr">New message</legend>
              {MESSAGE_KINDS.map((kind) => (
                <button type="button" key={kind} onClick={() => actions.edit({ kind: 'addMessage', messageKind: kind })}>
                  New {kind}
                </button>
              ))}
            </fieldset>
            {message && <MessageForm message={message} view={view} actions={actions} />}
          </div>
        )}
      </div>
      <footer class="bar">
        <button type="button" class="primary" onClick={actions.save}>
          Save draft
        </button>
        <button type="button" onClick={actions.preview}>
          Preview
        </button>
        <button type="button" onClick={actions.debug}>
          Why doesn't it show?
        </button>
        <span class="status" role="status" data-tone={view.status?.tone}>
          {view.status?.text ?? (view.dirty ? 'Unsaved changes' : '')}
        </span>
      </footer>
      {view.conflict && (
        <div class="row conflict">
          <button type="button" onClick={() => actions.resolveConflict('reload')}>
            Load their version
          </button>
          <button type="button" onClick={() => actions.resolveConflict('replace')}>
            Replace it with mine
          </button>
        </div>
      )}
      {view.errors.length > 0 && (
        <ul class="errors" aria-label="What the draft needs">
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
