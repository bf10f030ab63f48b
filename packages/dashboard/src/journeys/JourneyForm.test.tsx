// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { h } from 'preact';
import { useState } from 'preact/hooks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ContentDocument } from '@touchpoint/content';
import { ContentEditor } from '../editor/ContentEditor.js';
import { editorStrings } from '../editor/strings.js';

/** The editor as the Content page holds it, for a project (the preview asks its collector). */
const project = { id: 7, name: 'Todo', writeKey: 'wk', role: 'editor' as const };
function Harness({ initial }: { initial: ContentDocument }) {
  const [source, setSource] = useState(JSON.stringify(initial, null, 2));
  return <ContentEditor source={source} onSource={setSource} strings={editorStrings('en')} project={project} />;
}

const json = () => JSON.parse((screen.getByLabelText('Content document (JSON)') as HTMLTextAreaElement).value) as ContentDocument;
const open = async () => {
  const details = screen.getByText(/^Journeys/, { selector: 'summary' }).parentElement as HTMLDetailsElement;
  await act(() => {
    details.open = true;
    details.dispatchEvent(new Event('toggle'));
  });
  return details;
};
const type = (el: HTMLElement, value: string) => fireEvent.input(el, { target: { value } });
const pick = (el: HTMLElement, value: string) => fireEvent.change(el, { target: { value } });

// What the collector answered, recorded in the brief's shape (POST /v1/journeys/preview).
const PREVIEW = { evaluated: 1200, matching: 40, entering: 35, holdout: 4 };
let requests: Array<{ path: string; method: string; body: unknown; project: string | null }>;

beforeEach(() => {
  requests = [];
  vi.stubGlobal('fetch', async (path: string, init: RequestInit) => {
    requests.push({
      path,
      method: init.method ?? 'GET',
      body: init.body ? JSON.parse(String(init.body)) : undefined,
      project: new Headers(init.headers).get('x-touchpoint-project'),
    });
    return path === '/v1/journeys/preview'
      ? new Response(JSON.stringify(PREVIEW), { status: 200, headers: { 'content-type': 'application/json' } })
      : new Response(JSON.stringify({ error: `not scripted: ${path}` }), { status: 500 });
  });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const content: ContentDocument = {
  version: 1,
  segments: [{ id: 'trial', trait: 'plan', op: 'eq', value: 'trial' }],
  messages: [{ id: 'come-back', name: 'Welcome back', kind: 'modal', title: 'Welcome back' }],
  flows: [{ id: 'export-tour', name: 'Export tour', steps: [{ id: 'a', title: 'Export' }] }],
};

describe('journeys in the content editor', { timeout: 30_000 }, () => {
  it('a journey written in the forms, without JSON: audience, an email per language, the trait, repeat, goal and holdout', async () => {
    render(<Harness initial={content} />);
    const section = await open();
    fireEvent.click(within(section).getByRole('button', { name: 'Add a journey' }));
    // A journey starts as "not seen for 7 days" sending an email still to be written.
    expect(json().journeys).toEqual([{ id: 'journey-1', audience: { lastSeen: { op: 'gte', days: 7 } }, action: { email: { subject: '', body: '' } } }]);
    type(within(section).getByLabelText('Name'), 'Win back');
    type(within(section).getByLabelText('Days'), '10');
    type(within(section).getByLabelText('Subject'), 'We miss you');
    fireEvent.click(within(section).getByRole('button', { name: 'Add a translation (Subject)' }));
    type(within(section).getByLabelText('Subject (ja)'), 'お久しぶりです');
    type(within(section).getByLabelText('Body (Markdown)'), 'Come back to **Todo**.');
    type(within(section).getByLabelText('Address from the trait'), 'work_email');
    pick(within(section).getByLabelText('Users enter'), 'everyDays');
    fireEvent.click(within(section).getByRole('button', { name: 'Set a goal' }));
    type(within(section).getByLabelText('Event'), 'Todo Added');
    type(within(section).getByLabelText('Holdout (%)'), '10');
    expect(json().journeys).toEqual([
      {
        id: 'journey-1',
        name: 'Win back',
        audience: { lastSeen: { op: 'gte', days: 10 } },
        action: { email: { subject: { en: 'We miss you', ja: 'お久しぶりです' }, body: 'Come back to **Todo**.', to: 'trait:work_email' } },
        repeat: { everyDays: 30 },
        goal: { withinDays: 7, event: 'Todo Added' },
        holdout: 10,
      },
    ]);
    // The trait is written as its name: the form shows what the PM typed, the document keeps `trait:`.
    expect((within(section).getByLabelText('Address from the trait') as HTMLInputElement).value).toBe('work_email');
    expect(screen.getByText('No problems: the document is valid.')).toBeTruthy();
  });

  it('picks a segment, content to show by its name, or a webhook', async () => {
    render(
      <Harness
        initial={{ ...content, journeys: [{ id: 'j', audience: { lastSeen: { op: 'gte', days: 7 } }, action: { webhook: 'https://hooks.example.com/x' } }] }}
      />,
    );
    const section = await open();
    // The collector has no page: a journey's condition offers no URL form, at any depth.
    const kinds = () => [...(within(section).getByLabelText('Condition') as HTMLSelectElement).options].map((o) => o.value);
    expect(kinds()).not.toContain('url');
    expect(kinds()).toContain('lastSeen');
    pick(within(section).getByLabelText('Condition'), 'any');
    expect(
      within(section)
        .getAllByLabelText('Condition')
        .map((select) => [...(select as HTMLSelectElement).options].some((o) => o.value === 'url')),
    ).toEqual([false, false]);
    pick(within(section).getByLabelText('Audience'), 'segment');
    expect(json().journeys![0]!.audience).toBe('trial');
    pick(within(section).getByLabelText('What happens'), 'show');
    const showWhat = within(section).getByLabelText('Content to show') as HTMLSelectElement;
    expect([...showWhat.options].map((o) => o.textContent)).toEqual(['', 'Flow: Export tour', 'Message: Welcome back']);
    pick(showWhat, 'come-back');
    expect(json().journeys![0]!.action).toEqual({ show: 'come-back' });
    pick(within(section).getByLabelText('What happens'), 'webhook');
    type(within(section).getByLabelText('Webhook URL'), 'https://hooks.example.com/journey');
    expect(json().journeys![0]!.action).toEqual({ webhook: 'https://hooks.example.com/journey' });
  });

  it('counts who would enter now from the collector, with the draft journey inside the document being edited; a journey with problems is not sent', async () => {
    const journey = { id: 'j', audience: 'trial', action: { show: 'come-back' }, holdout: 10 };
    render(<Harness initial={{ ...content, journeys: [journey] }} />);
    const section = await open();
    fireEvent.click(within(section).getByRole('button', { name: 'Who would enter now?' }));
    expect(
      await within(section).findByText('35 user(s) would enter now: 40 of 1,200 known users match the audience; 4 of those entering would be held out.'),
    ).toBeTruthy();
    expect(requests).toEqual([
      { path: '/v1/journeys/preview', method: 'POST', body: { journey, document: { ...content, journeys: [journey] } }, project: '7' },
    ]);
    // An edit makes the count stale: it goes.
    type(within(section).getByLabelText('Holdout (%)'), '20');
    expect(within(section).queryByText(/would enter now:/)).toBeNull();

    type(within(section).getByLabelText('Holdout (%)'), '200');
    fireEvent.click(within(section).getByRole('button', { name: 'Who would enter now?' }));
    expect(await within(section).findByText('Fix the problems of this journey first.')).toBeTruthy();
    expect(requests).toHaveLength(1);
  });

  it('drops a count that comes back after an edit: it was of the journey as it was', async () => {
    let answer: (r: Response) => void = () => {};
    vi.stubGlobal('fetch', () => new Promise<Response>((resolve) => (answer = resolve)));
    const journey = { id: 'j', audience: 'trial', action: { show: 'come-back' }, holdout: 10 };
    render(<Harness initial={{ ...content, journeys: [journey] }} />);
    const section = await open();
    fireEvent.click(within(section).getByRole('button', { name: 'Who would enter now?' }));
    expect(await within(section).findByText('Counting…')).toBeTruthy();
    // Edited while the collector counts: its answer is of the old journey.
    type(within(section).getByLabelText('Holdout (%)'), '20');
    await act(async () => answer(new Response(JSON.stringify(PREVIEW), { status: 200, headers: { 'content-type': 'application/json' } })));
    // The button is back (nothing is counting), and no stale count is shown.
    expect((within(section).getByRole('button', { name: 'Who would enter now?' }) as HTMLButtonElement).disabled).toBe(false);
    expect(within(section).queryByText(/would enter now:/)).toBeNull();
  });

  it('offers the count to editors only (a viewer would be refused)', async () => {
    const viewer = { ...project, role: 'viewer' as const };
    const doc = { ...content, journeys: [{ id: 'j', audience: 'trial', action: { show: 'come-back' } }] };
    render(<ContentEditor source={JSON.stringify(doc)} onSource={() => {}} strings={editorStrings('en')} project={viewer} />);
    const section = await open();
    expect(within(section).getByLabelText('Audience')).toBeTruthy();
    expect(within(section).queryByRole('button', { name: 'Who would enter now?' })).toBeNull();
  });

  it('says what the collector refused when it cannot count', async () => {
    vi.stubGlobal(
      'fetch',
      async () =>
        new Response(JSON.stringify({ error: 'invalid journey', details: [{ path: 'journey.audience', message: 'unknown segment "trial"' }] }), {
          status: 400,
        }),
    );
    render(<Harness initial={{ ...content, journeys: [{ id: 'j', audience: 'trial', action: { show: 'come-back' } }] }} />);
    const section = await open();
    fireEvent.click(within(section).getByRole('button', { name: 'Who would enter now?' }));
    expect(await within(section).findByText('Could not count: invalid journey; journey.audience: unknown segment "trial"')).toBeTruthy();
  });
});
