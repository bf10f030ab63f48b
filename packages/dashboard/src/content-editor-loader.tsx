import { Fragment, h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { ContentEditorProps } from './editor/ContentEditor.js';

type EditorModule = typeof import('./editor/ContentEditor.js');

/**
 * The content editor (forms, live validation, both languages), loaded when the Content page
 * opens: it carries the content validator, which no other page needs, so it has a size budget
 * of its own. Until it is here, and if it cannot load, the JSON is editable as it always was.
 */
export function ContentEditorLoader(props: ContentEditorProps) {
  const [mod, setMod] = useState<EditorModule>();
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    import('./editor/ContentEditor.js').then(
      (m) => live && setMod(m),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [attempt]);
  if (mod) return <mod.ContentEditor {...props} />;
  return (
    <Fragment>
      <label class="field block">
        <span>Content document (JSON)</span>
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
          The form editor did not load (the JSON above still works).{' '}
          <button
            type="button"
            onClick={() => {
              setFailed(false);
              setAttempt((n) => n + 1);
            }}
          >
            Try again
          </button>
        </p>
      )}
    </Fragment>
  );
}
