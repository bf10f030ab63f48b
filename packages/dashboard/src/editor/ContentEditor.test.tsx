// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { h } from 'preact';
import { useState } from 'preact/hooks';
import { afterEach, describe, expect, it } from 'vitest';
import type { ContentDocument } from '@touchpoint/content';
import { ContentEditor } from './ContentEditor.js';
import { applyLocale } from '../i18n/locale.js';
import { editorStrings, type EditorStrings } from './strings.js';
import { editorJa } from './strings-ja.js';

/**
 * The editor as the content page holds it: the page keeps the text, the editor edits it. What
 * a PM sees and does: forms and JSON kept equal both ways, errors at their fields.
 */
function Harness({ initial, strings }: { initial: unknown; strings?: EditorStrings }) {
  const [source, setSource] = useState(typeof initial === 'string' ? initial : JSON.stringify(initial, null, 2));
  return <ContentEditor source={source} onSource={setSource} strings={strings ?? editorStrings('en')} />;
}

const jsonBox = () => screen.getByLabelText('Content document (JSON)') as HTMLTextAreaElement;
const json = () => JSON.parse(jsonBox().value) as ContentDocument;
const open = async (name: RegExp) => {
  const details = screen.getByText(name, { selector: 'summary' }).parentElement as HTMLDetailsElement;
  // What a click on the summary does in a browser; the section's form is drawn once it is open.
  await act(() => {
    details.open = true;
    details.dispatchEvent(new Event('toggle'));
  });
  return details;
};
const type = (el: HTMLElement, value: string) => fireEvent.input(el, { target: { value } });
const pick = (el: HTMLElement, value: string) => fireEvent.change(el, { target: { value } });
/** The text of the elements an element's aria-describedby names. */
const description = (el: HTMLElement) =>
  (el.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ');

afterEach(cleanup);

// Each test draws and validates whole documents; on a machine shared by many jobs that can pass 5 s.
describe('the content editor', { timeout: 30_000 }, () => {
  it('names each choice once: the default is not listed again beside its "(default)" option, and a document that spells it out shows as the default', async () => {
    render(<Harness initial={{ version: 1, flows: [{ id: 'f', repeat: 'once', trigger: { on: 'manual' }, steps: [{ id: 's', advance: 'button' }] }] }} />);
    const flows = await open(/^Flows/);
    for (const [label, fallback, twin] of [
      ['Shows', 'Once (default)', 'Once'],
      ['Starts', 'Only when started by code (manual)', 'Manually (by code)'],
      ['Moves on', 'With the Next button (default)', 'With the Next button'],
    ] as const) {
      const select = within(flows).getByLabelText(label, { exact: true }) as HTMLSelectElement;
      const names = [...select.options].map((o) => o.textContent);
      expect(names, label).toContain(fallback);
      expect(names, label).not.toContain(twin);
      expect(select.selectedOptions[0]?.textContent, label).toBe(fallback);
    }
  });

  it('a flow built in the forms is the JSON: add a flow, title its step, add a second step', async () => {
    render(<Harness initial={{ version: 1 }} />);
    const flows = await open(/^Flows/);
    fireEvent.click(within(flows).getByRole('button', { name: 'Add a flow' }));
    expect(json().flows).toEqual([{ id: 'flow-1', steps: [{ id: 'step-1' }] }]);
    // Focus goes to the new flow's first field.
    expect(document.activeElement).toBe(within(flows).getAllByLabelText('Id')[0]);
    type(within(flows).getByLabelText('Title'), 'Welcome');
    fireEvent.click(within(flows).getByRole('button', { name: 'Add a step' }));
    type(within(flows).getAllByLabelText('Title')[1]!, 'All set');
    expect(json().flows![0]!.steps).toEqual([
      { id: 'step-1', title: 'Welcome' },
      { id: 'step-2', title: 'All set' },
    ]);
    // Emptying an optional field removes it (absent, not "").
    type(within(flows).getAllByLabelText('Title')[1]!, '');
    expect(json().flows![0]!.steps[1]).toEqual({ id: 'step-2' });
  });

  it('JSON typed by hand redraws the forms; JSON that does not parse shows its error and the forms keep the last document', async () => {
    render(<Harness initial={{ version: 1, messages: [{ id: 'news', kind: 'modal', title: 'Old' }] }} />);
    const messages = await open(/^Messages/);
    expect((within(messages).getByLabelText('Title') as HTMLInputElement).value).toBe('Old');
    type(jsonBox(), JSON.stringify({ version: 1, messages: [{ id: 'news', kind: 'banner', title: 'New' }] }));
    expect((within(messages).getByLabelText('Title') as HTMLInputElement).value).toBe('New');
    expect((within(messages).getByLabelText('Kind') as HTMLSelectElement).value).toBe('banner');

    type(jsonBox(), '{ "version": 1, "messages": [');
    expect(jsonBox().getAttribute('aria-invalid')).toBe('true');
    expect(description(jsonBox())).toMatch(/^Not valid JSON: /);
    // The text as typed stays; the forms still show the last document that parsed.
    expect(jsonBox().value).toBe('{ "version": 1, "messages": [');
    expect((within(messages).getByLabelText('Title') as HTMLInputElement).value).toBe('New');
  });

  it("the validator's errors show at their fields, tied by aria-describedby, and in the summary", async () => {
    render(<Harness initial={{ version: 1, flows: [{ id: 'tour', trigger: { on: 'pagee' }, steps: [{ id: 'a', target: 'button[' }] }] }} />);
    const flows = await open(/^Flows/);
    const target = within(flows).getByLabelText(/^Target/);
    expect(target.getAttribute('aria-invalid')).toBe('true');
    expect(description(target)).toContain('is not a valid CSS selector');
    const starts = within(flows).getByLabelText('Starts') as HTMLSelectElement;
    // A value the form does not offer is shown as it is, with the validator's words.
    expect(starts.value).toBe('pagee');
    expect(starts.getAttribute('aria-invalid')).toBe('true');
    // Fixed in the form: the error goes from the field and from the summary.
    type(target, '[data-tour="add"]');
    expect(target.getAttribute('aria-invalid')).toBeNull();
    expect(screen.queryByText('flows[0].steps[0].target')).toBeNull();
    expect(screen.getByText('flows[0].trigger.on')).toBeTruthy();
  });

  it('an unknown reference shows at the field that makes it', async () => {
    render(<Harness initial={{ version: 1, health: { signals: [{ feature: 'nope', weight: 1 }] } }} />);
    const health = await open(/^Account health/);
    const feature = within(health).getByLabelText('Feature');
    expect(feature.getAttribute('aria-invalid')).toBe('true');
    expect(description(feature)).toContain('unknown feature "nope"');
  });

  it('a problem in the summary leads to its field: the section opens and the field has focus', async () => {
    render(<Harness initial={{ version: 1, messages: [{ id: 'tip', kind: 'tooltip', title: 'Hi' }] }} />);
    const section = screen.getByText(/^Messages/, { selector: 'summary' }).parentElement as HTMLDetailsElement;
    expect(section.open).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'messages[0].target' }));
    expect(section.open).toBe(true);
    expect(document.activeElement).toBe(within(section).getByLabelText(/^Target/));
    expect(description(document.activeElement as HTMLElement)).toContain('tooltips and hotspots need a target');
  });

  it('a long list starts closed, says which item has problems, and a problem picked in the summary opens its item', async () => {
    const flows = Array.from({ length: 6 }, (_, i) => ({ id: `f${i}`, steps: [{ id: 'a', target: i === 4 ? 'div[' : '#ok' }] }));
    render(<Harness initial={{ version: 1, flows }} />);
    const section = await open(/^Flows/);
    expect(within(section).queryByLabelText(/^Target/)).toBeNull();
    const fifth = within(section).getByRole('button', { name: 'Flow 5: f4' });
    expect(fifth.getAttribute('aria-expanded')).toBe('false');
    expect(fifth.parentElement!.textContent).toContain('1 problem(s)');
    fireEvent.click(screen.getByRole('button', { name: 'flows[4].steps[0].target' }));
    expect(fifth.getAttribute('aria-expanded')).toBe('true');
    expect(document.activeElement).toBe(within(section).getByLabelText(/^Target/));
    // Opened by hand, closed by hand.
    fireEvent.click(within(section).getByRole('button', { name: 'Flow 1: f0' }));
    expect(within(section).getAllByLabelText(/^Target/)).toHaveLength(2);
    fireEvent.click(fifth);
    expect(within(section).getAllByLabelText(/^Target/)).toHaveLength(1);
  });

  it('a large document is checked after a pause in typing', async () => {
    const flows = Array.from({ length: 120 }, (_, i) => ({
      id: `flow-${i}`,
      name: `A flow with a long enough name ${i}`,
      steps: [{ id: 'a', target: '#ok' }],
    }));
    render(<Harness initial={{ version: 1, flows }} />);
    expect(jsonBox().value.length).toBeGreaterThan(20_000);
    const section = await open(/^Flows/);
    // (Not by role: testing-library's role queries are slow over 120 items.)
    const first = section.querySelector<HTMLButtonElement>('button.disclosure')!;
    expect(first.textContent).toBe('Flow 1: A flow with a long enough name 0');
    fireEvent.click(first);
    const target = within(section).getByLabelText(/^Target/);
    type(target, 'div[');
    expect(target.getAttribute('aria-invalid')).toBeNull();
    await waitFor(() => expect(target.getAttribute('aria-invalid')).toBe('true'));
    expect(description(target)).toContain('is not a valid CSS selector');
  });

  it('steps move with buttons, and focus stays on the moved step', async () => {
    render(<Harness initial={{ version: 1, flows: [{ id: 'tour', steps: [{ id: 'one' }, { id: 'two' }, { id: 'three' }] }] }} />);
    const flows = await open(/^Flows/);
    fireEvent.click(within(flows).getByRole('button', { name: 'Move Step 1: one down' }));
    expect(json().flows![0]!.steps.map((s) => s.id)).toEqual(['two', 'one', 'three']);
    expect(document.activeElement).toBe(within(flows).getByRole('button', { name: 'Move Step 2: one down' }));
    fireEvent.click(document.activeElement!);
    expect(json().flows![0]!.steps.map((s) => s.id)).toEqual(['two', 'three', 'one']);
    // At the bottom, "down" is disabled: focus goes to "up" of the same step.
    expect(document.activeElement).toBe(within(flows).getByRole('button', { name: 'Move Step 3: one up' }));
    fireEvent.click(within(flows).getByRole('button', { name: 'Remove Step 1: two' }));
    expect(json().flows![0]!.steps.map((s) => s.id)).toEqual(['three', 'one']);
    expect(document.activeElement).toBe(within(flows).getByRole('button', { name: 'Add a step' }));
  });

  it('builds a segment from conditions: all of a trait and an event count', async () => {
    render(<Harness initial={{ version: 1 }} />);
    const segments = await open(/^Segments/);
    fireEvent.click(within(segments).getByRole('button', { name: 'Add a segment' }));
    type(within(segments).getByLabelText('Trait (such as role, plan)'), 'role');
    type(within(segments).getByLabelText('Value'), 'admin');
    fireEvent.click(within(segments).getByRole('button', { name: 'Add a condition' }));
    const second = within(segments).getByRole('group', { name: 'Condition 2' });
    pick(within(second).getByLabelText('Condition'), 'event');
    type(within(second).getByLabelText('Event name'), 'Todo Added');
    pick(within(second).getByLabelText('Comparison'), 'lt');
    type(within(second).getByLabelText('Number'), '3');
    expect(json().segments).toEqual([
      {
        id: 'segment-1',
        all: [
          { trait: 'role', op: 'eq', value: 'admin' },
          { event: 'Todo Added', count: { op: 'lt', value: 3 } },
        ],
      },
    ]);
    // A number typed as a value is a number; "in" takes a list.
    const first = within(segments).getByRole('group', { name: 'Condition 1' });
    pick(within(first).getByLabelText('Comparison'), 'in');
    type(within(first).getByLabelText('Values'), 'admin, 3');
    expect(json().segments![0]).toMatchObject({ all: [{ trait: 'role', op: 'in', value: ['admin', 3] }, {}] });
  });

  it('a segment of users not seen for a while: days since last seen', async () => {
    render(<Harness initial={{ version: 1 }} />);
    const segments = await open(/^Segments/);
    fireEvent.click(within(segments).getByRole('button', { name: 'Add a segment' }));
    const first = within(segments).getByRole('group', { name: 'Condition 1' });
    pick(within(first).getByLabelText('Condition'), 'lastSeen');
    const days = within(first).getByRole('group', { name: 'Days since the user was last seen' });
    expect(json().segments).toEqual([{ id: 'segment-1', all: [{ lastSeen: { op: 'gte', days: 7 } }] }]);
    type(within(days).getByLabelText('Days'), '14');
    pick(within(days).getByLabelText('Comparison'), 'gt');
    expect(json().segments).toEqual([{ id: 'segment-1', all: [{ lastSeen: { op: 'gt', days: 14 } }] }]);
  });

  it("a message's A/B test: variants, weights, control and goal", async () => {
    render(<Harness initial={{ version: 1, messages: [{ id: 'news', kind: 'modal', title: 'Export is here' }] }} />);
    const messages = await open(/^Messages/);
    fireEvent.click(within(messages).getByRole('button', { name: 'Add an A/B test of the copy' }));
    type(within(messages).getByLabelText('Goal event'), 'Report Exported');
    type(within(messages).getByLabelText('Control (% held out)'), '10');
    const b = within(messages).getByRole('group', { name: 'Variant 2: b' });
    type(within(b).getByLabelText('Title'), 'Save hours');
    type(within(b).getByLabelText('Weight'), '25');
    expect(json().messages![0]!.experiment).toEqual({
      id: 'experiment-1',
      goal: { event: 'Report Exported' },
      control: 10,
      variants: [
        { id: 'a', weight: 50, content: {} },
        { id: 'b', weight: 25, content: { title: 'Save hours' } },
      ],
    });
    expect(within(messages).getByText(/^Shares of the audience:/).textContent).toBe('Shares of the audience: a 60% · b 30% · control 10%');
  });

  it('settings and theme: emptying the last field of the theme removes the theme', async () => {
    render(<Harness initial={{ version: 1, settings: { theme: { accent: '#112233' } } }} />);
    const settings = await open(/^Settings/);
    type(within(settings).getByLabelText('Corner radius'), '8');
    expect(json().settings).toEqual({ theme: { accent: '#112233', radius: 8 } });
    type(within(settings).getByLabelText('Corner radius'), '');
    type(within(settings).getByLabelText('Accent colour'), '');
    expect(json().settings).toBeUndefined();
  });

  it('a text gets translations, and goes back to plain text when one language is left', async () => {
    render(<Harness initial={{ version: 1, messages: [{ id: 'news', kind: 'modal', title: 'Welcome' }] }} />);
    const messages = await open(/^Messages/);
    fireEvent.click(within(messages).getByRole('button', { name: 'Add a translation (Title)' }));
    expect(json().messages![0]!.title).toEqual({ en: 'Welcome', ja: '' });
    type(within(messages).getByLabelText('Title (ja)'), 'ようこそ');
    const code = within(messages).getByLabelText(/^Language code/);
    type(code, 'fr');
    fireEvent.click(within(messages).getByRole('button', { name: 'Add the language' }));
    type(within(messages).getByLabelText('Title (fr)'), 'Bienvenue');
    expect(json().messages![0]!.title).toEqual({ en: 'Welcome', ja: 'ようこそ', fr: 'Bienvenue' });
    fireEvent.click(within(messages).getByRole('button', { name: 'Remove fr' }));
    fireEvent.click(within(messages).getByRole('button', { name: 'Remove en' }));
    expect(json().messages![0]!.title).toBe('ようこそ');
  });

  it('speaks Japanese when the dashboard does, and says which language it speaks', async () => {
    // The editor's Japanese comes with the dashboard's Japanese chunk.
    expect(editorStrings('ja').lang).toBe('en');
    await applyLocale('ja');
    const ja = editorStrings('ja');
    await applyLocale('en');
    expect(ja).toBe(editorJa);
    expect(editorStrings('en').lang).toBe('en');
    const { container } = render(<Harness initial={{ version: 1, flows: [{ id: 'tour', steps: [{ id: 'a' }] }] }} strings={ja} />);
    expect(container.querySelector('.editor')!.getAttribute('lang')).toBe('ja');
    const flows = await open(/^フロー/);
    expect(within(flows).getByRole('button', { name: 'ステップを追加' })).toBeTruthy();
    expect(screen.getByLabelText('コンテンツドキュメント (JSON)')).toBeTruthy();
  });
});
