import { Fragment, h } from 'preact';
import type { ContentEditorProps } from './editor/ContentEditor.js';
import { t } from './i18n/locale.js';
import { useChunk } from './lazy-chunk.js';

/**
 * The content editor (forms, live validation), loaded when the Content page opens: it carries
 * the content validator, which no other page needs, so it has a size budget of its own. Until
 * it is here, and if it cannot load, the JSON is editable as it always was.
 */
export function ContentEditorLoader(props: ContentEditorProps) {
  const { mod, failed, retry } = useChunk(() => import('./editor/ContentEditor.js'));
  if (mod) return <mod.ContentEditor {...props} />;
  return (
    <Fragment>
      <label class="field block">
        <span>{t.jsonLabel}</span>
        <textarea
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
