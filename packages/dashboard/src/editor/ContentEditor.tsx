import { h } from 'preact';
import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { validateContent, type ContentDocument, type ContentIssue } from '@touchpoint/content';
import { setAt, type DocPath } from './doc-path.js';
import { EditorProvider, idOfPath, type EditorApi } from './fields.js';
import { currentLocale, fmt } from '../i18n/locale.js';
import { editorStrings, type EditorStrings } from './strings.js';
import { FlowsSection } from './FlowForm.js';
import { MessagesSection } from './MessageForm.js';
import { ChecklistsSection } from './ChecklistForm.js';
import { SurveysSection } from './SurveyForm.js';
import { ArticlesSection } from './ArticleForm.js';
import { SegmentsSection } from './SegmentForm.js';
import { FeaturesSection } from './FeatureForm.js';
import { HealthSection } from './HealthForm.js';
import { SettingsSection } from './SettingsForm.js';
import { JourneysSection } from '../journeys/JourneyForm.js';
import type { Project } from '../api.js';
import './editor.css';

export interface ContentEditorProps {
  /** The document as JSON text: what the JSON view shows, and what is saved. */
  source: string;
  /**
   * Called with the new text on every edit, from the forms or the JSON view, and with the
   * document when the text is a JSON object (not when it is not JSON: the caller keeps the text).
   */
  onSource: (text: string, doc?: ContentDocument) => void;
  /** The UI's language; the dashboard's (English or Japanese) when not given. */
  strings?: EditorStrings;
  /** The project the document is of, for what asks the collector (a journey's "who would enter now"). */
  project?: Project;
  /**
   * Where the PM was typing in a textarea of the same text this editor is drawn in place of (the
   * JSON shown while it loads), when that had the focus: the JSON view takes it over.
   */
  caret?: Caret;
}

/** A focused textarea's selection: start, end, direction. */
export type Caret = readonly [number, number, HTMLTextAreaElement['selectionDirection']];

type Parsed = { doc: ContentDocument; error?: undefined } | { doc?: undefined; error: string };

function parse(source: string, t: EditorStrings): Parsed {
  try {
    const doc = JSON.parse(source) as unknown;
    return doc && typeof doc === 'object' && !Array.isArray(doc) ? { doc: doc as ContentDocument } : { error: t.notAnObject };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

const SECTIONS: Array<{
  key: keyof ContentDocument;
  title: keyof EditorStrings;
  count: (d: ContentDocument) => number | undefined;
  Form: () => ComponentChildren;
}> = [
  { key: 'flows', title: 'flows', count: (d) => d.flows?.length, Form: FlowsSection },
  { key: 'messages', title: 'messages', count: (d) => d.messages?.length, Form: MessagesSection },
  { key: 'checklists', title: 'checklists', count: (d) => d.checklists?.length, Form: ChecklistsSection },
  { key: 'surveys', title: 'surveys', count: (d) => d.surveys?.length, Form: SurveysSection },
  { key: 'resources', title: 'articles', count: (d) => d.resources?.articles.length, Form: ArticlesSection },
  { key: 'segments', title: 'segments', count: (d) => d.segments?.length, Form: SegmentsSection },
  { key: 'features', title: 'features', count: (d) => d.features?.length, Form: FeaturesSection },
  { key: 'health', title: 'health', count: (d) => d.health?.signals.length, Form: HealthSection },
  { key: 'journeys', title: 'journeys', count: (d) => d.journeys?.length, Form: JourneysSection },
  { key: 'settings', title: 'settings', count: () => undefined, Form: SettingsSection },
];

/**
 * The content document's editor: a form for every kind of content beside the JSON view, both
 * editing the same document. A form's edit rewrites the JSON; an edit of the JSON that parses
 * redraws the forms; JSON that does not parse shows its error and the forms keep the last
 * document that did. Every change is checked by the validator the collector uses, and each
 * problem shows at its field and in a summary that leads to it.
 */
export function ContentEditor({ source, onSource, strings, project, caret }: ContentEditorProps) {
  const locale = currentLocale();
  const t = useMemo(() => strings ?? editorStrings(locale), [strings, locale]);
  const parsed = useMemo(() => parse(source, t), [source, t]);
  // The forms' document: the text's when it parses, else the last one that did.
  const lastGood = useRef<ContentDocument>({ version: 1 });
  if (parsed.doc) lastGood.current = parsed.doc;
  const doc = lastGood.current;
  const errors = useLiveErrors(doc, source.length);
  const [expanded, setExpandedMap] = useState<ReadonlyMap<string, boolean>>(new Map());
  const setExpanded = (changes: Record<string, boolean | undefined>) =>
    setExpandedMap((prev) => {
      const next = new Map(prev);
      for (const [k, v] of Object.entries(changes)) {
        if (v === undefined) next.delete(k);
        else next.set(k, v);
      }
      return next;
    });
  const api: EditorApi = {
    doc,
    errors,
    t,
    expanded,
    setExpanded,
    project,
    set: (path: DocPath, value: unknown) => {
      const next = setAt(doc, path, value);
      onSource(JSON.stringify(next, null, 2), next);
    },
  };
  // Only open sections are drawn: a document of many flows costs a keystroke only what is in view.
  const [opened, setOpened] = useState<ReadonlySet<string>>(new Set());
  const show = (key: string, open: boolean) =>
    setOpened((prev) => {
      if (prev.has(key) === open) return prev;
      const next = new Set(prev);
      if (open) next.add(key);
      else next.delete(key);
      return next;
    });
  // A problem picked in the summary: its section opens, then (drawn) its field takes focus.
  const pending = useRef<string>();
  useEffect(() => {
    if (pending.current === undefined) return;
    focusPath(pending.current);
    pending.current = undefined;
  });
  const reveal = (path: string) => {
    pending.current = path;
    // Every item on the way opens: `flows[3].steps[1].target` opens flow 3 and its step 1.
    const items = [...path.matchAll(/\]/g)].map((m) => path.slice(0, m.index + 1));
    if (items.length) setExpanded(Object.fromEntries(items.map((p) => [p, true])));
    const key = path.split(/[.[]/)[0]!;
    if (SECTIONS.some((x) => x.key === key) && !opened.has(key)) show(key, true);
    else if (!items.length) focusPath(path);
  };
  useTakeOver(caret);
  const sectionErrors = (key: string) => errors.filter((e) => e.path === key || e.path.startsWith(`${key}.`) || e.path.startsWith(`${key}[`)).length;
  return (
    <EditorProvider value={api}>
      <div class="editor" lang={t.lang}>
        <div class="editor-forms">
          <Summary errors={errors} t={t} reveal={reveal} />
          {SECTIONS.map(({ key, title, count, Form }) => {
            const n = count(doc);
            const bad = sectionErrors(key);
            return (
              <details
                key={key}
                class="section"
                data-section={key}
                open={opened.has(key)}
                onToggle={(e) => show(key, (e.currentTarget as HTMLDetailsElement).open)}
              >
                <summary>
                  {t[title] as string}
                  {n !== undefined && <span class="count"> ({n})</span>}
                  {bad > 0 && <span class="badge bad"> {fmt(t.problems, { n: bad })}</span>}
                </summary>
                {opened.has(key) && <Form />}
              </details>
            );
          })}
        </div>
        <div class="editor-json">
          <label class="field block" for="content-json">
            <span>{t.jsonLabel}</span>
          </label>
          <textarea
            id="content-json"
            class="code"
            rows={30}
            spellcheck={false}
            value={source}
            aria-invalid={parsed.error ? 'true' : undefined}
            aria-describedby={parsed.error ? 'content-json-error' : undefined}
            onInput={(e) => {
              const text = (e.currentTarget as HTMLTextAreaElement).value;
              onSource(text, parse(text, t).doc);
            }}
          />
          {parsed.error && (
            <p class="field-error" id="content-json-error">
              {fmt(t.jsonError, { error: parsed.error })}
            </p>
          )}
        </div>
      </div>
    </EditorProvider>
  );
}

/**
 * Gives the JSON view the focus and selection of the textarea it replaces, when first drawn and
 * before anything else can run: a key pressed while the editor arrives lands where the PM was
 * typing, not on the page. (Not its scroll position: the JSON view is laid out differently, and
 * the focused selection scrolls itself into view. Nor its undo history, which stays with it.)
 */
function useTakeOver(caret: Caret | undefined) {
  useLayoutEffect(() => {
    const json = document.getElementById('content-json') as HTMLTextAreaElement | null;
    if (!caret || !json) return;
    json.focus();
    json.setSelectionRange(...caret);
  }, []);
}

/** Above this many characters of JSON, validation waits for a pause in typing (tens of milliseconds a keystroke otherwise). */
const LARGE_DOCUMENT = 20_000;
const PAUSE_MS = 150;

function check(doc: ContentDocument): ContentIssue[] {
  const r = validateContent(doc);
  return r.ok ? [] : r.errors;
}

/**
 * The validator's problems with `doc`: found at once for a document of ordinary size, and for a
 * large one after a pause in typing (until then, those of the document before).
 */
function useLiveErrors(doc: ContentDocument, size: number): ContentIssue[] {
  const checked = useRef<{ doc: ContentDocument; errors: ContentIssue[] }>();
  const [, redraw] = useState(0);
  if (!checked.current || (checked.current.doc !== doc && size <= LARGE_DOCUMENT)) checked.current = { doc, errors: check(doc) };
  useEffect(() => {
    if (checked.current!.doc === doc) return;
    const timer = setTimeout(() => {
      checked.current = { doc, errors: check(doc) };
      redraw((n) => n + 1);
    }, PAUSE_MS);
    return () => clearTimeout(timer);
  }, [doc]);
  return checked.current.errors;
}

/**
 * Every problem the validator found, each a button that opens the section holding its field
 * and moves focus there (to the nearest field on its path when the problem is about a whole
 * item, or about a key no form has).
 */
function Summary({ errors, t, reveal }: { errors: ContentIssue[]; t: EditorStrings; reveal: (path: string) => void }) {
  return (
    <div class={errors.length ? 'summary bad' : 'summary good'}>
      {/* Only the count is announced as it changes; the list is read when the PM goes to it. */}
      <p aria-live="polite">{errors.length ? fmt(t.problemsFound, { n: errors.length }) : t.noProblems}</p>
      {errors.length > 0 && (
        <ul class="errors">
          {errors.map((e) => (
            <li key={e.path + e.message}>
              <button type="button" class="link" onClick={() => reveal(e.path)}>
                <code>{e.path || t.theDocument}</code>
              </button>{' '}
              <span lang="en">{e.message}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Focuses the field at `path`, or the nearest one on its path (a whole item's problem, a key no form has); the JSON view for the document's own. */
function focusPath(path: string) {
  for (let at = path; at; ) {
    const el = document.getElementById(idOfPath(at));
    if (el) {
      // A fieldset is not focusable by itself: its first control is.
      const target = el.matches('input, select, textarea, button') ? el : el.querySelector<HTMLElement>('input, select, textarea, button');
      target?.focus();
      el.scrollIntoView?.({ block: 'center' });
      return;
    }
    const parent = at.replace(/(\.[^.[\]]+|\[[^\]]*\])$/, '');
    at = parent === at ? '' : parent;
  }
  document.getElementById('content-json')?.focus();
}
