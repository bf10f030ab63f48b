import { Fragment, h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, currentProject, lastDays, savedProjects, signIn, signOut, useProject, type Project } from './api.js';
import { AccountPage } from './AccountPage.js';
import { ExperimentsPage } from './ExperimentsPage.js';
import { ContentPage } from './ContentPage.js';
import { AccountsPage, AdoptionPage, FlowsPage, OverviewPage, SurveysPage } from './pages.js';

export const PAGES = [
  { path: 'overview', title: 'Overview', Page: OverviewPage },
  { path: 'adoption', title: 'Adoption', Page: AdoptionPage },
  { path: 'flows', title: 'Flows', Page: FlowsPage },
  { path: 'experiments', title: 'Experiments', Page: ExperimentsPage },
  { path: 'surveys', title: 'Surveys', Page: SurveysPage },
  { path: 'accounts', title: 'Accounts', Page: AccountsPage },
  { path: 'content', title: 'Content', Page: ContentPage },
] as const;

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
    document.title = `${account ? `${account} · ` : ''}${page?.title ?? 'Touchpoint'} · Touchpoint`;
  }, [section, account]);

  if (!project) return <SignIn onSignedIn={setProject} />;
  const page = PAGES.find((p) => p.path === section) ?? PAGES[0];
  const projects = savedProjects();
  return (
    <div class="shell">
      <header class="top">
        <strong class="brand">Touchpoint</strong>
        <label class="field">
          <span class="sr-only">Project</span>
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
          Add a project
        </button>
        <label class="field range">
          <span>Range</span>
          <select value={String(days)} onChange={(e) => setDays(Number((e.currentTarget as HTMLSelectElement).value))}>
            <option value="7">Last 7 days</option>
            <option value="30">Last 30 days</option>
            <option value="90">Last 90 days</option>
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
          Sign out
        </button>
      </header>
      <nav class="side" aria-label="Pages">
        {PAGES.map((p) => (
          <a key={p.path} href={`#/${p.path}`} aria-current={p.path === page.path ? 'page' : undefined}>
            {p.title}
          </a>
        ))}
      </nav>
      <main class="main">
        {account ? (
          <AccountPage key={`${project.id}:${account}`} project={project} accountId={account} />
        ) : (
          <Fragment>
            <h1>{page.title}</h1>
            <page.Page key={`${project.id}:${page.path}:${days}`} project={project} range={lastDays(days)} />
          </Fragment>
        )}
      </main>
    </div>
  );
}

function SignIn({ onSignedIn }: { onSignedIn: (p: Project) => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  return (
    <main class="signin">
      <h1>Touchpoint</h1>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setError(undefined);
          try {
            onSignedIn(await signIn(key.trim()));
          } catch (err) {
            setError(err instanceof ApiError && err.status === 401 ? 'That is not a secret key of a project on this collector.' : (err as Error).message);
          } finally {
            setBusy(false);
          }
        }}
      >
        <label class="field">
          <span>Project secret key</span>
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
          It starts with <code>sk_</code> (<code>touchpoint project list --json</code> prints it). It stays in this tab only, until you close it.
        </p>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="primary" disabled={busy || !key.trim()}>
          Sign in
        </button>
      </form>
    </main>
  );
}
