import { h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { ContentChange } from '@touchpoint/content';
import { api, ApiError, can } from './api.js';
import { ConfirmChanges, DiffList } from './DiffList.js';
import {
  appUrlOf,
  builderLink,
  contentDiff,
  isAppUrl,
  keepEdits,
  keptEdits,
  previewLink,
  publishDraft,
  readDraft,
  rememberAppUrl,
  saveDraft,
  type Draft,
} from './drafts.js';
import { Loading, Table, useApi, type PageProps } from './shared.js';
import { ContentEditorLoader } from './content-editor-loader.js';
import { dateTime, fmt, t } from './i18n/locale.js';

type Issue = { path: string; message: string };
type Result = { ok: boolean; message: string; errors?: Issue[]; link?: string; conflict?: boolean };
type Confirming = { kind: 'publish'; etag?: string } | { kind: 'rollback'; version: number };

const errorsOf = (e: unknown) => (e instanceof ApiError ? (e.body.errors as Issue[] | undefined) : undefined);

/**
 * The Content page (CONTRACT §7): the project's draft, edited and saved (validated, errors
 * with their paths); what it changes against the published content; Publish and Roll back,
 * each after showing its changes and asking; Preview and "Edit in your app", which open the
 * vendor's app (its URL remembered per project in this browser) with a preview token or a
 * builder session.
 */
export function ContentPage({ project, session }: PageProps) {
  const [draft, setLoaded] = useState<Draft>();
  const [loadError, setLoadError] = useState<string>();
  const [n, setN] = useState(0);
  // The editor's text while it differs from the loaded draft (given back from this tab's
  // storage after a reload, another page or a new sign-in), and the ETag of the draft it edits.
  // (Only an editor's: a viewer has nothing to save them with.)
  const user = session?.user.email ?? '';
  const [kept] = useState(() => (can(project, 'editor') ? keptEdits(project, user) : undefined));
  const [text, setText] = useState<string | undefined>(kept?.text);
  const [base, setBase] = useState<string | undefined>(kept?.etag);
  const [pending, setPending] = useState<ContentChange[]>();
  const [result, setResult] = useState<Result | undefined>(kept && { ok: true, message: t.editsRestored });
  const [confirming, setConfirming] = useState<Confirming>();
  const [changes, setChanges] = useState<ContentChange[]>();
  const [appUrl, setAppUrl] = useState(() => appUrlOf(project));
  // The app's URL was asked for and is not one: the field says so (aria-invalid) until it changes.
  const [urlWrong, setUrlWrong] = useState(false);
  const versions = useApi<{ versions: Array<{ version: number; createdAt: string; current: boolean }> }>(project, '/v1/content/versions');

  const reload = () => setN((x) => x + 1);
  useEffect(() => {
    let live = true;
    readDraft(project).then(
      (d) => live && setLoaded(d),
      (e: Error) => live && setLoadError(e.message),
    );
    contentDiff(project, 'published', 'draft').then(
      (c) => live && setPending(c),
      () => live && setPending(undefined),
    );
    return () => {
      live = false;
    };
  }, [project.id, n]);

  const saved = draft && JSON.stringify(draft.doc, null, 2);
  const unsaved = text !== undefined && text !== saved;
  // Closing the tab with unsaved edits asks first (a reload or another page keeps them).
  useEffect(() => {
    if (!unsaved) return;
    const ask = (event: BeforeUnloadEvent) => event.preventDefault();
    addEventListener('beforeunload', ask);
    return () => removeEventListener('beforeunload', ask);
  }, [unsaved]);

  if (!draft || saved === undefined) return <Loading error={loadError} />;
  const source = text ?? saved;
  /** The editor's text changed: kept in this tab until saved, with the draft it edits. */
  const setDraft = (next: string | undefined) => {
    const etag = base ?? draft.etag;
    setText(next);
    setBase(next === undefined ? undefined : etag);
    keepEdits(project, user, next === undefined || next === saved ? undefined : { text: next, etag });
  };

  const parsed = (): { doc?: unknown } => {
    try {
      return { doc: JSON.parse(source) };
    } catch (e) {
      setResult({ ok: false, message: fmt(t.notJson, { error: (e as Error).message }) });
      return {};
    }
  };
  const validate = async () => {
    const { doc } = parsed();
    if (doc === undefined) return;
    try {
      const r = await api<{ ok: boolean; errors?: Issue[] }>(project, '/v1/content/validate', { method: 'POST', body: doc });
      setResult(r.ok ? { ok: true, message: t.valid } : { ok: false, message: t.notValid, errors: r.errors });
    } catch (e) {
      setResult({ ok: false, message: fmt(t.collectorSaid, { error: (e as Error).message }) });
    }
  };
  /**
   * Saves the editor's text as the draft; false when it could not (the reason is shown). Only
   * over the draft this page read (`force`: over whatever is saved now): when someone saved
   * since, the edits stay in the editor and the user picks whose draft wins.
   */
  const save = async (force?: boolean): Promise<boolean> => {
    const { doc } = parsed();
    if (doc === undefined) return false;
    try {
      await saveDraft(project, doc, force ? undefined : (base ?? draft.etag));
      setResult({ ok: true, message: t.draftSaved });
      setDraft(undefined);
      reload();
      return true;
    } catch (e) {
      const errors = errorsOf(e);
      if (e instanceof ApiError && e.status === 412) setResult({ ok: false, message: t.draftConflict, conflict: true });
      else setResult({ ok: false, message: errors ? t.notSavedInvalid : fmt(t.notSaved, { error: (e as Error).message }), errors });
      return false;
    }
  };
  // What the app's tools look at is the saved draft: unsaved edits are saved first.
  const saveIfEdited = async () => text === undefined || text === saved || (await save());

  const ask = async (what: Confirming) => {
    if (what.kind === 'publish' && !(await saveIfEdited())) return;
    setChanges(undefined);
    setConfirming(what);
    try {
      // The draft whose changes are shown is the one published: if another is saved meanwhile, the collector refuses (412).
      if (what.kind === 'publish') setConfirming({ kind: 'publish', etag: (await readDraft(project)).etag });
      setChanges(await contentDiff(project, 'published', what.kind === 'publish' ? 'draft' : what.version));
    } catch (e) {
      setConfirming(undefined);
      setResult({ ok: false, message: fmt(t.notCompared, { error: (e as Error).message }) });
    }
  };
  const confirm = async () => {
    const what = confirming!;
    setConfirming(undefined);
    try {
      if (what.kind === 'publish') {
        const version = await publishDraft(project, what.etag);
        setResult({ ok: true, message: fmt(t.published, { n: version }) });
      } else {
        const r = await api<{ version: number }>(project, '/v1/content/rollback', { method: 'POST', body: { version: what.version } });
        setResult({ ok: true, message: fmt(t.rolledBack, { from: what.version, n: r.version }) });
      }
      reload();
      versions.reload();
    } catch (e) {
      const errors = errorsOf(e);
      setResult({ ok: false, message: fmt(what.kind === 'publish' ? t.notPublished : t.notRolledBack, { error: (e as Error).message }), errors });
    }
  };

  const openApp = async (kind: 'preview' | 'builder') => {
    if (!isAppUrl(appUrl)) {
      setUrlWrong(true);
      setResult({ ok: false, message: t.enterAppUrl });
      document.getElementById('app-url')?.focus();
      return;
    }
    if (!(await saveIfEdited())) return;
    try {
      const url = await (kind === 'preview' ? previewLink : builderLink)(project, appUrl);
      window.open(url, '_blank', 'noopener');
      setResult({
        ok: true,
        message: kind === 'preview' ? t.previewOpened : t.builderOpened,
        link: url,
      });
    } catch (e) {
      setResult({ ok: false, message: fmt(t.collectorSaid, { error: (e as Error).message }) });
    }
  };

  // What the role may do (the collector refuses the rest): an editor saves and previews, a publisher also publishes.
  const editor = can(project, 'editor');
  const publisher = can(project, 'publisher');
  return (
    <div class="grid">
      <section class="card wide" aria-labelledby="draft-title">
        <h2 id="draft-title">{t.draft}</h2>
        <p class="muted">
          {draft.saved ? t.draftSavedBeside : t.noDraft} {t.draftHow}
        </p>
        {editor ? (
          <ContentEditorLoader source={source} onSource={setDraft} project={project} />
        ) : (
          // A viewer reads the content (sections still open and close) but changes nothing.
          <fieldset class="plain" disabled>
            <legend class="muted">{t.readOnlyContent}</legend>
            <ContentEditorLoader source={source} onSource={() => {}} project={project} />
          </fieldset>
        )}
        {editor && (
          <div class="actions">
            <button type="button" onClick={validate}>
              {t.validate}
            </button>
            <button type="button" class="primary" onClick={() => save()}>
              {t.saveDraft}
            </button>
            {publisher && (
              <button type="button" onClick={() => ask({ kind: 'publish' })}>
                {t.publishAsk}
              </button>
            )}
          </div>
        )}
        {result && (
          <div class={result.ok ? 'ok' : 'error'} role={result.ok ? 'status' : 'alert'}>
            <p>
              {result.message}{' '}
              {result.link && (
                <a href={result.link} target="_blank" rel="noopener noreferrer">
                  {t.openAgain}
                </a>
              )}
            </p>
            {result.conflict && (
              <div class="actions">
                <button type="button" onClick={() => save(true)}>
                  {t.replaceTheirs}
                </button>
                <button
                  type="button"
                  onClick={() => {
                    setDraft(undefined);
                    setResult(undefined);
                    reload();
                  }}
                >
                  {t.loadTheirs}
                </button>
              </div>
            )}
            {result.errors && (
              <ul class="errors">
                {result.errors.map((e) => (
                  <li key={e.path + e.message}>
                    <code>{e.path || t.theDocument}</code> <span lang="en">{e.message}</span>
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </section>
      <section class="card wide" aria-labelledby="pending-title">
        <h2 id="pending-title">{t.notYetPublished}</h2>
        {pending ? <DiffList changes={pending} /> : <p class="muted">{t.nothingToCompare}</p>}
      </section>
      {editor && (
        <section class="card wide" aria-labelledby="app-title">
          <h2 id="app-title">{t.inYourApp}</h2>
          <label class="field">
            <span>{t.appUrl}</span>
            <input
              id="app-url"
              type="url"
              placeholder="https://app.example.com/"
              value={appUrl}
              aria-invalid={urlWrong || undefined}
              onInput={(e) => {
                const url = (e.currentTarget as HTMLInputElement).value.trim();
                setUrlWrong(false);
                setAppUrl(url);
                if (isAppUrl(url)) rememberAppUrl(project, url);
              }}
            />
          </label>
          <div class="actions">
            <button type="button" onClick={() => openApp('preview')}>
              {t.preview}
            </button>
            <button type="button" onClick={() => openApp('builder')}>
              {t.editInApp}
            </button>
          </div>
        </section>
      )}
      <section class="card wide" aria-labelledby="versions-title">
        <h2 id="versions-title">{t.versions}</h2>
        {!versions.data ? (
          <Loading error={versions.error} />
        ) : !versions.data.versions.length ? (
          <p class="muted">{t.nothingPublished}</p>
        ) : (
          <Table label={t.versions}>
            <thead>
              <tr>
                <th scope="col">{t.version}</th>
                <th scope="col">{t.publishedAt}</th>
                <th scope="col">
                  <span class="sr-only">{t.action}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {versions.data.versions.map((v) => (
                <tr key={v.version}>
                  <th scope="row">{v.version}</th>
                  <td>{dateTime(v.createdAt)}</td>
                  <td>
                    {v.current ? (
                      <span class="badge ok">{t.live}</span>
                    ) : !publisher ? null : (
                      <button type="button" onClick={() => ask({ kind: 'rollback', version: v.version })}>
                        {fmt(t.rollBackTo, { n: v.version })}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </section>
      {confirming && (
        <ConfirmChanges
          title={confirming.kind === 'publish' ? t.publishConfirm : fmt(t.rollbackConfirm, { n: confirming.version })}
          changes={changes}
          nothing={confirming.kind === 'publish' ? t.nothingToPublish : t.versionIsLive}
          confirm={confirming.kind === 'publish' ? t.publish : fmt(t.rollBackToVersion, { n: confirming.version })}
          onConfirm={confirm}
          onCancel={() => setConfirming(undefined)}
        />
      )}
    </div>
  );
}
