import { Fragment, h } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { ContentChange } from '@touchpoint/content';
import { t } from './i18n/locale.js';

/** What changed, item by item: "Changed messages › news: body, title". */
export function DiffList({ changes, nothing }: { changes: ContentChange[]; nothing?: string }) {
  if (!changes.length) return <p class="muted">{nothing ?? t.noChanges}</p>;
  return (
    <ul class="diff">
      {changes.map((c) => (
        <li key={`${c.section}/${c.id ?? ''}/${c.change}`} class={`diff-${c.change}`}>
          <strong>{t[c.change]}</strong> {c.section}
          {c.id !== undefined && (
            <>
              {' › '}
              <code>{c.id}</code>
            </>
          )}
          {c.fields && c.fields.length > 0 && (
            <span class="muted">
              {': '}
              {c.fields.join(', ')}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}

/**
 * A modal confirmation (the browser's own `<dialog>`: focus moves in and stays, Esc cancels)
 * showing what is about to change before a publish or a rollback.
 */
export function ConfirmChanges({
  title,
  changes,
  nothing,
  confirm,
  onConfirm,
  onCancel,
}: {
  title: string;
  changes: ContentChange[] | undefined;
  /** Said when there is no change (and then nothing can be confirmed). */
  nothing: string;
  confirm: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog || dialog.open) return;
    // Taken out of the page when it is done: closed first (the page outside a modal dialog is
    // inert), and focus goes back to what opened it (removed open, it would be left on the body).
    const opener = document.activeElement as HTMLElement | null;
    if (typeof dialog.showModal === 'function') dialog.showModal();
    else dialog.setAttribute('open', '');
    return () => {
      if (dialog.open) dialog.close?.();
      if (opener?.isConnected) opener.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      class="confirm"
      aria-labelledby="confirm-title"
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      <h2 id="confirm-title">{title}</h2>
      {changes ? <DiffList changes={changes} nothing={nothing} /> : <p class="muted">{t.comparing}</p>}
      <div class="actions">
        <button type="button" onClick={onCancel}>
          {t.cancel}
        </button>
        <button type="button" class="primary" disabled={!changes?.length} onClick={onConfirm}>
          {confirm}
        </button>
      </div>
    </dialog>
  );
}
