// @vitest-environment happy-dom
import { parseMarkdown } from '@touchpoint/content';
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { h } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { StepCard } from './StepCard.js';
import { stringsFor } from './strings.js';
import type { StepActions, StepView } from './view.js';

afterEach(cleanup);

const view = (extra: Partial<StepView> = {}): StepView => ({
  key: 'f:s',
  kind: 'popover',
  title: 'Title',
  target: null,
  spotlight: false,
  trapFocus: false,
  index: 1,
  total: 3,
  canGoBack: true,
  showNext: true,
  isLast: false,
  ...extra,
});

function setup(v: StepView, locale = 'en') {
  const calls: string[] = [];
  const actions: StepActions = { next: () => calls.push('next'), back: () => calls.push('back'), dismiss: () => calls.push('dismiss') };
  render(<StepCard view={v} actions={actions} strings={stringsFor(locale)} rtl={false} onGeometry={() => {}} />);
  return calls;
}

describe('StepCard', () => {
  it('never renders content as HTML', () => {
    setup(view({ title: '<img src=x onerror=alert(1)>', body: parseMarkdown('**bold** <script>alert(1)</script> [x](javascript:alert(1))') }));
    const dialog = screen.getByRole('dialog');
    expect(dialog.querySelector('img, script')).toBeNull();
    expect(screen.getByRole('heading').textContent).toBe('<img src=x onerror=alert(1)>');
    expect(dialog.querySelector('strong')?.textContent).toBe('bold');
    expect(dialog.textContent).toContain('<script>alert(1)</script>');
    expect(dialog.querySelector('a')).toBeNull();
  });

  it('renders safe links opening in a new tab without an opener', () => {
    setup(view({ body: parseMarkdown('See [the docs](https://example.com/docs).') }));
    const link = screen.getByRole('link', { name: 'the docs' });
    expect([link.getAttribute('href'), link.getAttribute('target'), link.getAttribute('rel')]).toEqual([
      'https://example.com/docs',
      '_blank',
      'noopener noreferrer',
    ]);
  });

  it('names and describes the dialog, shows progress, and labels its buttons by locale', () => {
    setup(view({ body: parseMarkdown('Body text') }), 'ja');
    const dialog = screen.getByRole('dialog', { name: 'Title' });
    expect(dialog.getAttribute('aria-describedby')).toBe(screen.getByText('Body text').closest('.body')!.id);
    expect(screen.getByText('2 / 3')).toBeTruthy();
    expect(screen.getAllByRole('button').map((b) => b.getAttribute('aria-label') ?? b.textContent)).toEqual(['閉じる', '戻る', '次へ']);
  });

  it('runs its actions from buttons and keys', () => {
    const calls = setup(view());
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    fireEvent.click(screen.getByRole('button', { name: 'Back' }));
    const dialog = screen.getByRole('dialog');
    fireEvent.keyDown(dialog, { key: 'ArrowRight' });
    fireEvent.keyDown(dialog, { key: 'ArrowLeft' });
    // (Esc is the UI's own, for every slot: test/tours.test.ts.)
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(calls).toEqual(['next', 'back', 'next', 'back', 'dismiss']);
  });

  it('offers no Next for steps advanced by the app, and Done or Got it on the last step', () => {
    setup(view({ showNext: false, canGoBack: false }));
    expect(screen.queryByRole('button', { name: 'Next' })).toBeNull();
    cleanup();
    setup(view({ isLast: true }));
    expect(screen.getByRole('button', { name: 'Done' })).toBeTruthy();
    cleanup();
    setup(view({ isLast: true, kind: 'tooltip', total: 1, canGoBack: false }));
    expect(screen.getByRole('button', { name: 'Got it' })).toBeTruthy();
    expect(screen.queryByText('1 of 1')).toBeNull();
  });
});
