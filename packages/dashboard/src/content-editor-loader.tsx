import { Fragment, h } from 'preact';
import { useRef } from 'preact/hooks';
import type { ContentEditorProps } from './editor/ContentEditor.js';
import { t } from './i18n/locale.js';
import { useChunk } from './lazy-chunk.js';

/**
 * The content editor (forms, live validation), loaded when the Content page opens: it carries
 * the content validator, which no other page needs, so it has a size budget of its own. Until
 * it is here, and if it cannot load, the JSON is editable as it always was; a PM typing in it
 * when the forms arrive goes on typing (the editor takes over its focus and caret).
 */
export function ContentEditorLoader(props: ContentEditorProps) {
  const { mod, failed, retry } = useChunk(() => import('./editor/ContentEditor.js'));
  const standIn = useRef<HTMLTextAreaElement>(null);
  const el = standIn.current;
  // Read in the render that swaps it out: the swap removes it, and its focus with it.
  if (mod)
    return (
      <mod.ContentEditor {...props} caret={el && el === document.activeElement ? [el.selectionStart, el.selectionEnd, el.selectionDirection] : undefined} />
    );
  return (
    <Fragment>
      <label class="field block">
        <span>{t.jsonLabel}</span>
        <textarea
          ref={standIn}
          class="code"
          rows={24}
          spellcheck={false}
          value={props.source}
          onInput={(e) => props.onSource((e.currentTarget as HTMLTextAreaElement).value)}
        />
      </label>
      {failed && (
        <p class="error" role="alert">
          {t.editorFailed}{' '}
          <button type="button" onClick={retry}>
            {t.tryAgain}
          </button>
        </p>
      )}
    </Fragment>
  );
}
