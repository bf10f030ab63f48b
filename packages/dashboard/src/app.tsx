import { Fragment, h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, currentProject, lastDays, savedProjects, signIn, signOut, useProject, type Project } from './api.js';
import { AccountPage } from './AccountPage.js';
import { applyLocale, currentLocale, fmt, LANGUAGES, parts, rememberLocale, t, type Locale } from './i18n/locale.js';
import { lazyPage } from './lazy-chunk.js';
import { AccountsPage, AdoptionPage, FlowsPage, OverviewPage, SurveysPage } from './pages.js';

/**
 * The Content page (drafts, diffs, publishing, preview and builder links; the form editor is a
 * further chunk) and the Experiments page (statistics, the copy's Markdown read as the SDK reads
 * it) are chunks of their own, loaded when they open: the other pages do not carry them.
 */
const ContentPage = lazyPage(() => import('./ContentPage.js').then((m) => m.ContentPage));
const ExperimentsPage = lazyPage(() => import('./ExperimentsPage.js').then((m) => m.ExperimentsPage));

/** The pages of the side navigation; each path is also the key of its title in the strings. */
export const PAGES = [
  { path: 'overview', Page: OverviewPage },
  { path: 'adoption', Page: AdoptionPage },
  { path: 'flows', Page: FlowsPage },
  { path: 'experiments', Page: ExperimentsPage },
  { path: 'surveys', Page: SurveysPage },
  { path: 'accounts', Page: AccountsPage },
  { path: 'content', Page: ContentPage },
] as const;

/** The language switch: English or Japanese, remembered in this browser once picked. */
function LanguageSwitch({ onChange }: { onChange: (locale: Locale) => void }) {
  return (
    <label class="field lang">
      <span class="sr-only">{t.language}</span>
      <select
        value={currentLocale()}
        onChange={async (e) => {
          const select = e.currentTarget as HTMLSelectElement;
          const locale = select.value as Locale;
          try {
            await applyLocale(locale);
          } catch {
            // The Japanese chunk did not load: the switch goes back to the language the dashboard still speaks.
            select.value = currentLocale();
            return;
          }
          rememberLocale(locale);
          onChange(locale);
        }}
      >
        {LANGUAGES.map((l) => (
          <option key={l.locale} value={l.locale} lang={l.locale}>
            {l.name}
          </option>
        ))}
      </select>
    </label>
  );
}

const route = () => location.hash.replace(/^#\/?/, '').split('?')[0] || 'overview';

/** A page's section and, for an item's own page (`accounts/ID`), the item's id. */
function parseRoute(path: string): { section: string; id?: string } {
  const slash = path.indexOf('/');
  if (slash < 0) return { section: path };
  try {
    return { section: path.slice(0, slash), id: decodeURIComponent(path.slice(slash + 1)) || undefined };
  } catch {
    return { section: path.slice(0, slash) };
  }
}

export function App() {
  const [project, setProject] = useState<Project | undefined>(currentProject());
  const [path, setPath] = useState(route());
  const [days, setDays] = useState(30);
  // The language spoken: changing it re-renders the whole tree, which reads the strings anew.
  const [locale, setLocale] = useState(currentLocale());
  useEffect(() => {
    const onHash = () => setPath(route());
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  const { section, id } = parseRoute(path);
  // An account's own page; any other id in the path is not a page (the section shows).
  const account = section === 'accounts' ? id : undefined;
  useEffect(() => {
    const page = PAGES.find((p) => p.path === section);
    document.title = `${account ? `${account} · ` : ''}${page ? t[page.path] : 'Touchpoint'} · Touchpoint`;
  }, [section, account, locale]);

  if (!project) return <SignIn onSignedIn={setProject} onLocale={setLocale} />;
  const page = PAGES.find((p) => p.path === section) ?? PAGES[0];
  const projects = savedProjects();
  return (
    <div class="shell">
      <header class="top">
        <strong class="brand">Touchpoint</strong>
        <label class="field">
          <span class="sr-only">{t.project}</span>
          <select
            value={String(project.id)}
            onChange={(e) => {
              const next = projects.find((p) => String(p.id) === (e.currentTarget as HTMLSelectElement).value);
              if (next) {
                useProject(next);
                setProject(next);
              }
            }}
          >
            {projects.map((p) => (
              <option key={p.id} value={String(p.id)}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" class="link" onClick={() => setProject(undefined)}>
          {t.addProject}
        </button>
        <label class="field range">
          <span>{t.range}</span>
          <select value={String(days)} onChange={(e) => setDays(Number((e.currentTarget as HTMLSelectElement).value))}>
            {[7, 30, 90].map((n) => (
              <option key={n} value={String(n)}>
                {fmt(t.lastDays, { n })}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          class="link"
          onClick={() => {
            signOut();
            setProject(undefined);
          }}
        >
          {t.signOut}
        </button>
        <LanguageSwitch onChange={setLocale} />
      </header>
      <nav class="side" aria-label={t.pages}>
        {PAGES.map((p) => (
          <a key={p.path} href={`#/${p.path}`} aria-current={p.path === page.path ? 'page' : undefined}>
            {t[p.path]}
          </a>
        ))}
      </nav>
      <main class="main">
        {account ? (
          <AccountPage key={`${project.id}:${account}`} project={project} accountId={account} />
        ) : (
          <Fragment>
            <h1>{t[page.path]}</h1>
            <page.Page key={`${project.id}:${page.path}:${days}`} project={project} range={lastDays(days)} />
          </Fragment>
        )}
      </main>
    </div>
  );
}

function SignIn({ onSignedIn, onLocale }: { onSignedIn: (p: Project) => void; onLocale: (locale: Locale) => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  return (
    <main class="signin">
      <LanguageSwitch onChange={onLocale} />
      <h1>Touchpoint</h1>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setError(undefined);
          try {
            onSignedIn(await signIn(key.trim()));
          } catch (err) {
            setError(err instanceof ApiError && err.status === 401 ? t.notASecretKey : fmt(t.collectorSaid, { error: (err as Error).message }));
          } finally {
            setBusy(false);
          }
        }}
      >
        <label class="field">
          <span>{t.secretKey}</span>
          <input
            type="password"
            value={key}
            autoComplete="off"
            required
            onInput={(e) => setKey((e.currentTarget as HTMLInputElement).value)}
            aria-describedby="key-help"
          />
        </label>
        <p id="key-help" class="muted">
          {parts(t.keyHelp, { sk: <code>sk_</code>, cmd: <code>touchpoint project list --json</code> })}
        </p>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="primary" disabled={busy || !key.trim()}>
          {t.signIn}
        </button>
      </form>
    </main>
  );
}
