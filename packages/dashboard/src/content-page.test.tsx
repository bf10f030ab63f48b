// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { h } from 'preact';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { ContentPage } from './ContentPage.js';
import { useDoc } from './shared.js';

/**
 * The content page against a collector that answers as scripted: what the page shows when the
 * collector refuses, whatever the words of its error.
 */
const project = { id: 1, name: 'Todo', writeKey: 'wk', role: 'owner' } as const;
const range = { from: '2026-03-01', to: '2026-03-14' };
type Answer = { status: number; body: unknown };
let answers: Record<string, Answer>;

beforeEach(() => {
  vi.stubGlobal('fetch', async (path: string, init?: { method?: string }) => {
    const a = answers[`${init?.method ?? 'GET'} ${path}`] ?? { status: 500, body: { error: 'not scripted' } };
    return new Response(JSON.stringify(a.body), { status: a.status, headers: { 'content-type': 'application/json' } });
  });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const noDiff = { status: 200, body: { changes: [] } };
const session = (email: string) => ({ user: { email } }) as unknown as NonNullable<Parameters<typeof ContentPage>[0]['session']>;

it('with no draft and nothing published (404), offers a new document, whatever the error says', async () => {
  answers = {
    'GET /v1/content/draft': { status: 404, body: { error: 'nothing here yet' } },
    'GET /v1/content/diff?from=published&to=draft': noDiff,
    'GET /v1/content/versions': { status: 200, body: { versions: [] } },
  };
  render(<ContentPage project={project} range={range} />);
  const editor = (await screen.findByRole('textbox', { name: 'Content document (JSON)' })) as HTMLTextAreaElement;
  expect(JSON.parse(editor.value)).toEqual({ version: 1 });
});

it('any other failure to read the draft is shown, not taken for an empty project', async () => {
  answers = {
    'GET /v1/content/draft': { status: 503, body: { error: 'storage unavailable' } },
    'GET /v1/content/diff?from=published&to=draft': noDiff,
    'GET /v1/content/versions': { status: 200, body: { versions: [] } },
  };
  render(<ContentPage project={project} range={range} />);
  expect((await screen.findByRole('alert')).textContent).toBe('Not loaded. The collector said: storage unavailable');
  expect(screen.queryByRole('textbox')).toBeNull();
});

it('a rollback shows what it changes and asks first; one the collector refuses says so, and the version list stays', async () => {
  answers = {
    'GET /v1/content/draft': { status: 200, body: { version: 1 } },
    'GET /v1/content/diff?from=published&to=draft': noDiff,
    'GET /v1/content/diff?from=published&to=1': { status: 200, body: { changes: [{ section: 'messages', id: 'news', change: 'removed' }] } },
    'GET /v1/content/versions': {
      status: 200,
      body: {
        versions: [
          { version: 2, createdAt: '2026-03-02T10:00:00Z', current: true },
          { version: 1, createdAt: '2026-03-01T10:00:00Z', current: false },
        ],
      },
    },
    'POST /v1/content/rollback': { status: 503, body: { error: 'storage unavailable' } },
  };
  render(<ContentPage project={project} range={range} />);
  fireEvent.click(await screen.findByRole('button', { name: 'Roll back to 1' }));
  const dialog = await screen.findByRole('dialog', { name: 'Roll back to version 1? This changes:' });
  await within(dialog).findByText('news');
  expect(dialog.textContent).toContain('Removed messages › news');
  // Nothing is rolled back before it is confirmed.
  expect(screen.queryByRole('alert')).toBeNull();
  fireEvent.click(within(dialog).getByRole('button', { name: 'Roll back to version 1' }));
  expect((await screen.findByRole('alert')).textContent).toContain('Not rolled back. The collector said: storage unavailable');
  expect(screen.getByRole('button', { name: 'Roll back to 1' })).toBeTruthy();
});

it('pages that read the published document take a 404 for an empty document, whatever its words', async () => {
  answers = { 'GET /v1/content': { status: 404, body: { error: 'nothing here yet' } } };
  function Probe() {
    const { doc, error } = useDoc(project);
    return <p>{doc ? `doc version ${doc.version}` : (error ?? 'loading')}</p>;
  }
  render(<Probe />);
  expect((await screen.findByText(/^doc version/)).textContent).toBe('doc version 1');
});

it('a draft that is not valid is not saved: each error with its path', async () => {
  answers = {
    'GET /v1/content/draft': { status: 200, body: { version: 1 } },
    'GET /v1/content/diff?from=published&to=draft': noDiff,
    'GET /v1/content/versions': { status: 200, body: { versions: [] } },
    'PUT /v1/content/draft': {
      status: 400,
      body: { error: 'invalid content document', errors: [{ path: 'messages[0].kind', message: 'must be one of modal, banner' }] },
    },
  };
  render(<ContentPage project={project} range={range} />);
  const editor = await screen.findByRole('textbox', { name: 'Content document (JSON)' });
  fireEvent.input(editor, { target: { value: '{"version":1,"messages":[{"id":"m","kind":"popup"}]}' } });
  fireEvent.click(screen.getByRole('button', { name: 'Save draft' }));
  const alert = await screen.findByRole('alert');
  expect(alert.textContent).toContain('Not saved: the document is not valid:');
  expect(alert.textContent).toContain('messages[0].kind must be one of modal, banner');
});

it.each([
  ['viewer', [], []],
  ['editor', ['Save draft', 'Preview'], ['Publish…', 'Roll back to 1']],
  ['publisher', ['Save draft', 'Preview', 'Publish…', 'Roll back to 1'], []],
] as const)('a %s is offered only the controls the collector lets their role use', async (role, offered, hidden) => {
  answers = {
    'GET /v1/content/draft': { status: 404, body: { error: 'none' } },
    'GET /v1/content/diff?from=published&to=draft': noDiff,
    'GET /v1/content/versions': {
      status: 200,
      body: {
        versions: [
          { version: 2, createdAt: '2026-03-02T00:00:00Z', current: true },
          { version: 1, createdAt: '2026-03-01T00:00:00Z', current: false },
        ],
      },
    },
  };
  render(<ContentPage project={{ ...project, role }} range={range} />);
  await screen.findByRole('heading', { name: 'Versions' });
  await screen.findByText('live');
  for (const name of offered) expect(screen.getByRole('button', { name })).toBeTruthy();
  // A viewer's editor says it is read-only, and its fields take no edits (was: editable, with nothing to save them).
  const editorBox = (await screen.findByRole('textbox', { name: 'Content document (JSON)' })).closest('fieldset[disabled]');
  if (role === 'viewer') expect(editorBox?.textContent).toContain('Changing it takes the editor role');
  else expect(editorBox).toBeNull();
  for (const name of [...hidden, ...(role === 'viewer' ? ['Save draft', 'Publish…', 'Preview', 'Roll back to 1'] : [])])
    expect(screen.queryByRole('button', { name }), name).toBeNull();
});

/**
 * A collector with a saved draft read as `etag`, no versions and no changes, whose draft saves
 * answer as `put` says (given the If-Match sent); returns the If-Match of every save, in order.
 */
function draftCollector(etag: string, put: (ifMatch: string | undefined) => { status: number; body: unknown }): Array<string | undefined> {
  const puts: Array<string | undefined> = [];
  vi.stubGlobal('fetch', async (path: string, init?: { method?: string; headers?: Record<string, string> }) => {
    const method = init?.method ?? 'GET';
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) =>
      new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
    if (method === 'GET' && path === '/v1/content/draft') return reply(200, { version: 1 }, { etag, 'x-touchpoint-draft': 'saved' });
    if (method === 'GET' && path === '/v1/content/versions') return reply(200, { versions: [] });
    if (method === 'GET' && path.startsWith('/v1/content/diff')) return reply(200, { changes: [] });
    if (method === 'PUT' && path === '/v1/content/draft') {
      const ifMatch = init?.headers?.['if-match'];
      puts.push(ifMatch);
      const answer = put(ifMatch);
      return reply(answer.status, answer.body);
    }
    return reply(500, { error: 'not scripted' });
  });
  return puts;
}

it('a save over a draft someone else saved since this page read it is refused, keeps the edits, and lets the user pick whose draft wins', async () => {
  // Someone else saved after this page read the draft: only an unconditional save passes.
  const puts = draftCollector('"read"', (ifMatch) =>
    ifMatch ? { status: 412, body: { error: 'the draft changed since you read it' } } : { status: 200, body: { etag: '"mine"' } },
  );
  render(<ContentPage project={project} range={range} />);
  const editor = (await screen.findByRole('textbox', { name: 'Content document (JSON)' })) as HTMLTextAreaElement;
  const mine = '{"version":1,"flows":[]}';
  fireEvent.input(editor, { target: { value: mine } });
  fireEvent.click(screen.getByRole('button', { name: 'Save draft' }));
  const alert = await screen.findByRole('alert');
  expect(alert.textContent).toContain('someone saved the draft after you opened it');
  expect(puts).toEqual(['"read"']);
  expect(editor.value).toBe(mine);
  fireEvent.click(within(alert).getByRole('button', { name: 'Replace with mine' }));
  await screen.findByText(/Draft saved/);
  expect(puts).toEqual(['"read"', undefined]);
});

it("gives back this tab's unsaved edits after a reload or a new sign-in, saves them only over the draft they edit, and asks before the tab closes on them", async () => {
  const puts = draftCollector('"now"', () => ({ status: 200, body: { etag: '"mine"' } }));
  // The edits of an earlier page of this tab (its session then ended), made on the draft read as "then".
  const mine = '{"version":1,"flows":[]}';
  sessionStorage.setItem(`touchpoint.unsaved-edits.${project.id}.pm@example.com`, JSON.stringify({ text: mine, etag: '"then"' }));
  // Someone else signed in on this tab does not get them.
  const other = render(<ContentPage project={project} range={range} session={session('cs@example.com')} />);
  expect(((await screen.findByRole('textbox', { name: 'Content document (JSON)' })) as HTMLTextAreaElement).value).not.toBe(mine);
  other.unmount();
  render(<ContentPage project={project} range={range} session={session('pm@example.com')} />);
  const editor = (await screen.findByRole('textbox', { name: 'Content document (JSON)' })) as HTMLTextAreaElement;
  expect(editor.value).toBe(mine);
  expect(screen.getByRole('status').textContent).toContain('Your edits that were not saved are back');
  const closing = new Event('beforeunload', { cancelable: true });
  dispatchEvent(closing);
  expect(closing.defaultPrevented).toBe(true);

  fireEvent.click(screen.getByRole('button', { name: 'Save draft' }));
  await screen.findByText(/Draft saved/);
  // Over the draft they were made on, not the one read now: a save in between is not overwritten.
  expect(puts).toEqual(['"then"']);
  expect(sessionStorage.getItem(`touchpoint.unsaved-edits.${project.id}.pm@example.com`)).toBeNull();
  // Saved: closing the tab no longer asks (once the page has rendered the save).
  await vi.waitFor(() => {
    const after = new Event('beforeunload', { cancelable: true });
    dispatchEvent(after);
    expect(after.defaultPrevented).toBe(false);
  });
});
