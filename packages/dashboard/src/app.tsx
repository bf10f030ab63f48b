import { Fragment, h } from 'preact';
import { useEffect, useLayoutEffect, useState } from 'preact/hooks';
import { can, currentSession, lastDays, onSessionEnd, pickProject, rememberProject, signOut, type Project, type Session } from './api.js';
import { AccountPage } from './AccountPage.js';
import { applyLocale, currentLocale, fmt, LANGUAGES, rememberLocale, t, type Locale } from './i18n/locale.js';
import { lazyPage } from './lazy-chunk.js';
import { AccountsPage, AdoptionPage, FlowsPage, OverviewPage, SurveysPage } from './pages.js';
import { Loading } from './shared.js';
import { SignIn } from './signin.js';

/**
 * The Content page (drafts, diffs, publishing, preview and builder links; the form editor is a
 * further chunk) and the Experiments page (statistics, the copy's Markdown read as the SDK reads
 * it) are chunks of their own, loaded when they open: the other pages do not carry them.
 */
const ContentPage = lazyPage(() => import('./ContentPage.js').then((m) => m.ContentPage));
const ExperimentsPage = lazyPage(() => import('./ExperimentsPage.js').then((m) => m.ExperimentsPage));
/** Journeys' results, with their words (Japanese a further chunk). */
const JourneysPage = lazyPage(() => import('./journeys/JourneysPage.js').then((m) => m.JourneysPage));
/** The owners' pages and the invitation page: a chunk of their own, with their words. */
const TeamPage = lazyPage(() => import('./team/team-chunk.js').then((m) => m.TeamPage));
const AuditPage = lazyPage(() => import('./team/team-chunk.js').then((m) => m.AuditPage));
const SettingsPage = lazyPage(() => import('./team/team-chunk.js').then((m) => m.SettingsPage));
const PromotePage = lazyPage(() => import('./team/team-chunk.js').then((m) => m.PromotePage));
const ChoosePassword = lazyPage(() => import('./team/team-chunk.js').then((m) => m.ChoosePassword));
const InvitePage = lazyPage(() => import('./team/team-chunk.js').then((m) => m.InvitePage));

/** The pages of the side navigation; each path is also the key of its title in the strings. */
export const PAGES = [
  { path: 'overview', Page: OverviewPage },
  { path: 'adoption', Page: AdoptionPage },
  { path: 'flows', Page: FlowsPage },
  { path: 'experiments', Page: ExperimentsPage },
  { path: 'journeys', Page: JourneysPage },
  { path: 'surveys', Page: SurveysPage },
  { path: 'accounts', Page: AccountsPage },
  { path: 'content', Page: ContentPage },
  { path: 'promote', Page: PromotePage, role: 'publisher' },
  { path: 'team', Page: TeamPage, role: 'owner' },
  { path: 'audit', Page: AuditPage, role: 'owner' },
  { path: 'settings', Page: SettingsPage, role: 'owner' },
] as const;

/** The pages `project`'s role may open (the collector refuses the others anyway); promotion once there is a staging environment. */
const pagesFor = (project: Project) =>
  PAGES.filter(
    (p) => (!('role' in p) || can(project, p.role)) && (p.path !== 'promote' || project.stagingId !== undefined || project.productionId !== undefined),
  );

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

/**
 * Starts downloading the chunk of the page the address opens, if it is one: the dashboard asks
 * for it while it asks who is signed in, instead of after (a chain of two round trips).
 */
export function preloadRoute(): void {
  const page = PAGES.find((p) => p.path === parseRoute(route()).section)?.Page;
  if (page && 'preload' in page)
    page.preload().catch(() => {
      // The page shows the failure, with a retry, when it is drawn.
    });
}

/** The dashboard. `session`: the answer to "who is signed in", when main already asked. */
export function App({ session: probe }: { session?: Promise<Session | undefined> }) {
  // undefined: not asked yet; null: nobody signed in.
  const [session, setSession] = useState<Session | null>();
  const [project, setProject] = useState<Project>();
  const [notice, setNotice] = useState<string>();
  const [path, setPath] = useState(route());
  const [days, setDays] = useState(30);
  // The language spoken: changing it re-renders the whole tree, which reads the strings anew.
  const [locale, setLocale] = useState(currentLocale());
  const start = (s: Session | null) => {
    setSession(s);
    setProject(s ? pickProject(s.projects) : undefined);
  };
  useEffect(() => {
    const onHash = () => setPath(route());
    addEventListener('hashchange', onHash);
    onSessionEnd(() => {
      setNotice(t.sessionEnded);
      start(null);
    });
    (probe ?? currentSession()).then(
      (s) => start(s ?? null),
      () => start(null),
    );
    return () => removeEventListener('hashchange', onHash);
  }, []);
  const { section, id } = parseRoute(path);
  // An account's own page; any other id in the path is not a page (the section shows).
  const account = section === 'accounts' ? id : undefined;
  // Before the browser paints: the title never lags the page it names.
  useLayoutEffect(() => {
    const page = PAGES.find((p) => p.path === section);
    document.title = `${account ? `${account} · ` : ''}${page ? t[page.path] : 'Touchpoint'} · Touchpoint`;
  }, [section, account, locale]);

  // An invitation link opens its page whoever is signed in: it signs in as the invited member.
  if (section === 'invite')
    return (
      <main class="signin">
        <LanguageSwitch onChange={setLocale} />
        <InvitePage
          token={id ?? ''}
          onSignedIn={(s: Session) => {
            start(s);
            location.hash = '#/overview';
          }}
        />
      </main>
    );
  if (session === undefined) return <Loading />;
  if (!session || session.user.mustChangePassword)
    return (
      <main class="signin">
        <LanguageSwitch onChange={setLocale} />
        {session ? (
          <ChoosePassword onDone={() => start({ ...session, user: { ...session.user, mustChangePassword: false } })} />
        ) : (
          <SignIn
            notice={notice}
            onSignedIn={(s) => {
              setNotice(undefined);
              start(s);
            }}
          />
        )}
      </main>
    );
  if (!project)
    return (
      <main class="signin">
        <p role="alert">{t.noProjects}</p>
        <SignOut onDone={() => start(null)} />
      </main>
    );
  const pages = pagesFor(project);
  const page = pages.find((p) => p.path === section) ?? PAGES[0];
  const choose = (next: Project | undefined) => {
    if (!next) return;
    rememberProject(next);
    setProject(next);
  };
  const production = session.projects.filter((p) => p.environment !== 'staging');
  const current = project.productionId ?? project.id;
  const staging = session.projects.find((p) => p.productionId === current);
  return (
    <div class="shell">
      <header class="top">
        <strong class="brand">Touchpoint</strong>
        <label class="field">
          <span class="sr-only">{t.project}</span>
          <select value={String(current)} onChange={(e) => choose(production.find((p) => String(p.id) === (e.currentTarget as HTMLSelectElement).value))}>
            {production.map((p) => (
              <option key={p.id} value={String(p.id)}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        {staging && (
          <label class="field">
            <span class="sr-only">{t.environment}</span>
            <select
              class={project.environment === 'staging' ? 'staging' : undefined}
              value={project.environment ?? 'production'}
              onChange={(e) => choose((e.currentTarget as HTMLSelectElement).value === 'staging' ? staging : session.projects.find((p) => p.id === current))}
            >
              <option value="production">{t.production}</option>
              <option value="staging">{t.staging}</option>
            </select>
          </label>
        )}
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
        <span class="muted who">{session.user.email}</span>
        <SignOut onDone={() => start(null)} />
        <LanguageSwitch onChange={setLocale} />
      </header>
      <nav class="side" aria-label={t.pages}>
        {pages.map((p) => (
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
            <page.Page key={`${project.id}:${page.path}:${days}`} project={project} range={lastDays(days)} session={session} />
          </Fragment>
        )}
      </main>
    </div>
  );
}

/** Sign out of this browser, or of every session of the account. */
function SignOut({ onDone }: { onDone: () => void }) {
  const out = (everywhere: boolean) => signOut(everywhere).then(onDone, onDone);
  return (
    <Fragment>
      <button type="button" class="link" onClick={() => out(false)}>
        {t.signOut}
      </button>
      <button type="button" class="link" onClick={() => out(true)}>
        {t.signOutEverywhere}
      </button>
    </Fragment>
  );
}
