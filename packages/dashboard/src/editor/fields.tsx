import { createContext, Fragment, h } from 'preact';
import type { ComponentChildren } from 'preact';
import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import type { ContentDocument, ContentIssue } from '@touchpoint/content';
import type { Project } from '../api.js';
import { formatJsonPath } from '@touchpoint/content';
import { fmt } from '../i18n/locale.js';
import { getAt, move, type DocPath } from './doc-path.js';
import type { EditorStrings } from './strings.js';

/**
 * The small field toolkit the content forms are made of. Every field is named by its path in
 * the document: it reads its value there, writes there, and shows the validator's errors at
 * that path (or below it: a localized title's `title.ja`), tied to the control with
 * aria-describedby. The validator's paths and the fields' ids are the same strings, so the
 * error summary links straight to the field.
 */
export interface EditorApi {
  doc: ContentDocument;
  set: (path: DocPath, value: unknown) => void;
  errors: ContentIssue[];
  t: EditorStrings;
  /** Items of collapsible lists opened or closed by the PM, by path (`flows[3]`); others follow the list's default. */
  expanded: ReadonlyMap<string, boolean>;
  /** Opens (true), closes (false) or forgets (undefined) items, by path. */
  setExpanded: (changes: Record<string, boolean | undefined>) => void;
  /** The project the document is of, for what asks the collector (a journey's "who would enter now"); absent, those parts hide. */
  project?: Project;
}

const Editor = createContext<EditorApi>(undefined as unknown as EditorApi);
export const EditorProvider = Editor.Provider;
export const useEditor = () => useContext(Editor);

/**
 * The id of the control (or fieldset) at a path, from the path as the validator writes it
 * (`flows[0].steps[1].target`), so the summary finds the field of an error. Characters other
 * than letters, digits and "-" are spelled out: ids stay plain for selectors and `label[for]`.
 */
export const idOfPath = (path: string) => `f-${path.replace(/[^A-Za-z0-9-]/g, (c) => `_${c.charCodeAt(0).toString(16)}_`)}`;
export const fieldId = (path: DocPath) => idOfPath(formatJsonPath(path));

/** The errors at `path`, and with `deep` also those below it. */
export function errorsAt(errors: ContentIssue[], path: DocPath, deep: boolean): string[] {
  const at = formatJsonPath(path);
  return errors.filter((e) => e.path === at || (deep && (e.path.startsWith(`${at}.`) || e.path.startsWith(`${at}[`)))).map((e) => e.message);
}

function useField(path: DocPath, deep = true) {
  const api = useEditor();
  const id = fieldId(path);
  const errs = errorsAt(api.errors, path, deep);
  return {
    ...api,
    id,
    value: getAt(api.doc, path),
    write: (v: unknown) => api.set(path, v),
    errs,
    a11y: { id, 'aria-invalid': errs.length ? ('true' as const) : undefined, 'aria-describedby': describedBy(id, errs) },
  };
}

const describedBy = (id: string, errs: string[], help?: string) => [errs.length && `${id}-error`, help && `${id}-help`].filter(Boolean).join(' ') || undefined;

/**
 * The messages under a field; their element's id is what the control's aria-describedby names.
 * They are the validator's, in English (the collector's words, CONTRACT), marked so on a page in
 * another language.
 */
export function FieldErrors({ id, errs }: { id: string; errs: string[] }) {
  return errs.length ? (
    <p class="field-error" id={`${id}-error`} lang="en">
      {errs.join(' · ')}
    </p>
  ) : null;
}

interface FieldProps {
  path: DocPath;
  label: string;
  help?: string;
}

/** A text input (or textarea); empty means absent. */
export function Text({
  path,
  label,
  help,
  multiline,
  required,
  type = 'text',
  parse,
  keepEmpty,
}: FieldProps & {
  multiline?: boolean;
  required?: boolean;
  type?: string;
  parse?: (text: string) => unknown;
  /** Write "" rather than remove the key (a language of a localized text being written). */
  keepEmpty?: boolean;
}) {
  const f = useField(path);
  const props = {
    ...f.a11y,
    'aria-describedby': describedBy(f.id, f.errs, help),
    required,
    value: typeof f.value === 'string' || typeof f.value === 'number' ? String(f.value) : '',
    onInput: (e: Event) => {
      const v = (e.currentTarget as HTMLInputElement).value;
      f.write(v === '' && !keepEmpty ? undefined : parse ? parse(v) : v);
    },
  };
  return (
    <div class="f">
      <label for={f.id}>{label}</label>
      {multiline ? <textarea rows={3} {...props} /> : <input type={type} {...props} />}
      {help && (
        <p class="help" id={`${f.id}-help`}>
          {help}
        </p>
      )}
      <FieldErrors id={f.id} errs={f.errs} />
    </div>
  );
}

/** A number input; empty means absent. */
export function Num({ path, label, help, min, max, step }: FieldProps & { min?: number; max?: number; step?: number }) {
  const f = useField(path);
  return (
    <div class="f">
      <label for={f.id}>{label}</label>
      <input
        type="number"
        {...f.a11y}
        aria-describedby={describedBy(f.id, f.errs, help)}
        min={min}
        max={max}
        step={step ?? 'any'}
        value={typeof f.value === 'number' ? String(f.value) : ''}
        onInput={(e) => {
          const v = (e.currentTarget as HTMLInputElement).value;
          // A half-typed number ("-", "1e") is left to the browser until it reads as one.
          if (v === '') f.write(undefined);
          else if (Number.isFinite(Number(v))) f.write(Number(v));
        }}
      />
      {help && (
        <p class="help" id={`${f.id}-help`}>
          {help}
        </p>
      )}
      <FieldErrors id={f.id} errs={f.errs} />
    </div>
  );
}

/**
 * A select of closed values. `names` gives each value its words; `empty` adds a first option
 * meaning "absent" (the default), named by it; `same`, the value that means the default too, is
 * shown as that first option rather than listed twice ("Once (default)" and "Once").
 */
export function Choice({
  path,
  label,
  options,
  names,
  empty,
  same,
  value,
  onPick,
}: FieldProps & {
  options: readonly string[];
  names?: Record<string, string>;
  empty?: string;
  same?: string;
  /** For a select that stands for more than one field (a trigger's kind): its value and what picking does. */
  value?: string;
  onPick?: (v: string) => void;
}) {
  const f = useField(path, !onPick);
  const given = value ?? (typeof f.value === 'string' ? f.value : typeof f.value === 'boolean' ? String(f.value) : '');
  const current = given === same ? '' : given;
  return (
    <div class="f">
      <label for={f.id}>{label}</label>
      <select
        {...f.a11y}
        value={current}
        onChange={(e) => {
          const v = (e.currentTarget as HTMLSelectElement).value;
          if (onPick) onPick(v);
          else f.write(v === '' ? undefined : v);
        }}
      >
        {empty !== undefined && <option value="">{empty}</option>}
        {/* A value the list does not know (typed in the JSON) stays visible, not silently shown as another. */}
        {current && !options.includes(current) && <option value={current}>{current}</option>}
        {options
          .filter((o) => o !== same)
          .map((o) => (
            <option key={o} value={o}>
              {names?.[o] ?? o}
            </option>
          ))}
      </select>
      <FieldErrors id={f.id} errs={f.errs} />
    </div>
  );
}

/** A yes/no that may also be left to its default (`spotlight`, `captureClicks`). */
export function Flag({ path, label }: FieldProps) {
  const { t, set } = useEditor();
  return (
    <Choice
      path={path}
      label={label}
      options={['true', 'false']}
      names={{ true: t.yes, false: t.no }}
      empty={t.byDefault}
      onPick={(v) => set(path, v === '' ? undefined : v === 'true')}
    />
  );
}

/**
 * A user-facing text: one input for a plain string, one per language for a localized one
 * (`{ "en": …, "ja": … }`), each its own field so its errors land at `title.ja`. A plain text
 * becomes localized with "Add a translation" (the document's fallback language keeps the text);
 * removing all but one language makes it plain again.
 */
export function Localized({ path, label, multiline, required }: FieldProps & { multiline?: boolean; required?: boolean }) {
  const f = useField(path, false);
  const fallback = f.doc.settings?.locale?.split('-')[0] || 'en';
  const [lang, setLang] = useState('');
  if (f.value && typeof f.value === 'object') {
    const texts = f.value as Record<string, string>;
    const langs = Object.keys(texts);
    const add = lang.trim();
    return (
      <fieldset class="group" id={f.id} aria-describedby={f.errs.length ? `${f.id}-error` : undefined}>
        <legend>{label}</legend>
        <FieldErrors id={f.id} errs={f.errs} />
        {langs.map((l) => (
          <div class="row" key={l}>
            <Text path={[...path, l]} label={`${label} (${l})`} multiline={multiline} keepEmpty />
            <button type="button" class="link" onClick={() => f.write(langs.length === 2 ? texts[langs.find((x) => x !== l)!] : { ...texts, [l]: undefined })}>
              {fmt(f.t.removeLanguage, { lang: l })}
            </button>
          </div>
        ))}
        <div class="row">
          <div class="f">
            <label for={`${f.id}-lang`}>{f.t.languageCode}</label>
            <input id={`${f.id}-lang`} value={lang} onInput={(e) => setLang((e.currentTarget as HTMLInputElement).value)} />
          </div>
          <button
            type="button"
            disabled={!add || add in texts}
            onClick={() => {
              f.write({ ...texts, [add]: '' });
              setLang('');
            }}
          >
            {f.t.addLanguage}
          </button>
        </div>
      </fieldset>
    );
  }
  return (
    <div class="localized">
      <Text path={path} label={label} multiline={multiline} required={required} />
      <button
        type="button"
        class="link"
        onClick={() => f.write({ [fallback]: typeof f.value === 'string' ? f.value : '', [fallback === 'ja' ? 'en' : 'ja']: '' })}
      >
        {f.t.addTranslation} <span class="sr-only">({label})</span>
      </button>
    </div>
  );
}

/** A fieldset with its legend; errors exactly at its path (an unknown key, a missing part) show under the legend. */
export function Group({ path, legend, children, class: cls }: { path?: DocPath; legend: string; children: ComponentChildren; class?: string }) {
  const { errors } = useEditor();
  const id = path ? fieldId(path) : undefined;
  const errs = path ? errorsAt(errors, path, false) : [];
  return (
    <fieldset class={cls ?? 'group'} id={id} aria-describedby={id && errs.length ? `${id}-error` : undefined}>
      <legend>{legend}</legend>
      {id && <FieldErrors id={id} errs={errs} />}
      {children}
    </fieldset>
  );
}

/**
 * A list of items (steps, variants, conditions…), each in its own fieldset with buttons to move
 * it up or down and to remove it, and a button to add one. Moving keeps focus on the moved
 * item's button, so a keyboard user can move an item several places in a row. A `collapsible`
 * list (flows, messages…) draws an item's fields only while it is open (its legend is a
 * disclosure button): lists of up to five start open, longer ones closed; an added item opens.
 */
export function ItemList<T>({
  path,
  title,
  add,
  make,
  children,
  collapsible,
}: {
  collapsible?: boolean;
  path: DocPath;
  /** The item's legend: "Step 2: welcome". */
  title: (item: T, index: number) => string;
  add: string;
  make: (items: T[]) => T;
  children: (itemPath: DocPath, item: T, index: number) => ComponentChildren;
}) {
  const { doc, set, t, errors, expanded, setExpanded } = useEditor();
  const items = (getAt(doc, path) as T[] | undefined) ?? [];
  const key = (i: number) => formatJsonPath([...path, i]);
  const isOpen = (i: number) => !collapsible || (expanded.get(key(i)) ?? items.length <= 5);
  // Open and closed items keep their state when the list changes around them.
  const follow = (states: Record<string, boolean | undefined>) => collapsible && setExpanded(states);
  const listId = fieldId(path);
  const listErrs = errorsAt(errors, path, false);
  const focusNext = useRef<string>();
  useEffect(() => {
    if (!focusNext.current) return;
    const [id, fallback] = focusNext.current.split('|');
    focusNext.current = undefined;
    const el = document.getElementById(id!) as HTMLButtonElement | null;
    const to = el && !el.disabled ? el : fallback ? document.getElementById(fallback) : null;
    // An item (a fieldset) takes focus at its first field.
    (to?.matches('fieldset') ? to.querySelector<HTMLElement>('input, select, textarea') : to)?.focus();
  });
  const moveTo = (from: number, to: number, dir: 'up' | 'down') => {
    const other = dir === 'up' ? 'down' : 'up';
    focusNext.current = `${fieldId([...path, to])}-${dir}|${fieldId([...path, to])}-${other}`;
    follow({ [key(to)]: isOpen(from), [key(from)]: isOpen(to) });
    set(path, move(items, from, to));
  };
  return (
    <div class="items" id={listId}>
      <FieldErrors id={listId} errs={listErrs} />
      {items.map((item, i) => {
        const itemPath = [...path, i];
        const id = fieldId(itemPath);
        const name = title(item, i);
        const errs = errorsAt(errors, itemPath, false);
        const open = isOpen(i);
        const inside = open ? 0 : errorsAt(errors, itemPath, true).length;
        return (
          // Keyed by position: the item's id is what the PM edits, and a key that changes as they type would remount the field.
          <fieldset key={i} class="item" id={id} aria-describedby={errs.length ? `${id}-error` : undefined}>
            <legend>
              {collapsible ? (
                <button type="button" class="disclosure" aria-expanded={open ? 'true' : 'false'} onClick={() => setExpanded({ [key(i)]: !open })}>
                  {name}
                </button>
              ) : (
                name
              )}
              {inside > 0 && <span class="badge bad"> {fmt(t.problems, { n: inside })}</span>}
            </legend>
            <div class="item-tools">
              <button type="button" id={`${id}-up`} disabled={i === 0} onClick={() => moveTo(i, i - 1, 'up')}>
                <span aria-hidden="true">↑</span> <span class="sr-only">{fmt(t.moveUp, { item: name })}</span>
              </button>
              <button type="button" id={`${id}-down`} disabled={i === items.length - 1} onClick={() => moveTo(i, i + 1, 'down')}>
                <span aria-hidden="true">↓</span> <span class="sr-only">{fmt(t.moveDown, { item: name })}</span>
              </button>
              <button
                type="button"
                class="danger"
                onClick={() => {
                  // The removed item's buttons go with it: focus goes to the list's "Add" button.
                  focusNext.current = `${listId}-add`;
                  follow(Object.fromEntries(items.map((_, j) => [key(j), j < i ? isOpen(j) : j + 1 < items.length ? isOpen(j + 1) : undefined])));
                  set(
                    path,
                    items.filter((_, j) => j !== i),
                  );
                }}
              >
                {t.remove} <span class="sr-only">{name}</span>
              </button>
            </div>
            <FieldErrors id={id} errs={errs} />
            {open && children(itemPath, item, i)}
          </fieldset>
        );
      })}
      <button
        type="button"
        class="add"
        id={`${listId}-add`}
        onClick={() => {
          // Focus goes to the new item's first field.
          focusNext.current = fieldId([...path, items.length]);
          follow({ [key(items.length)]: true });
          set(path, [...items, make(items)]);
        }}
      >
        {add}
      </button>
    </div>
  );
}

/** A row of fields side by side. */
export const Row = ({ children }: { children: ComponentChildren }) => <div class="row">{children}</div>;

export { Fragment };
