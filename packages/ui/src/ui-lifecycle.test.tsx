// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DockActions, DockView } from './view.js';

// The dock chunk draws its launchers with the UI's own Preact, as the real one does.
vi.mock('./dock-chunk.js', async () => {
  const { h, render } = await import('preact');
  return {
    renderDock: (el: HTMLElement, view: DockView | null) => render(view ? h('p', null, 'launchers') : null, el),
  };
});
vi.mock('./messages.js', () => ({ showMessage: (el: HTMLElement, view: { title?: string }) => void (el.textContent = view.title ?? '') }));

const { createUI } = await import('./ui.js');

afterEach(() => {
  document.body.innerHTML = '';
});

const view: DockView = { open: null, checklist: { id: 'c', title: 'Get started', items: [] } as unknown as DockView['checklist'] };
const actions = {} as DockActions;
const message = (title: string) =>
  [
    { key: `message:${title}`, kind: 'modal' as const, title },
    { cta() {}, dismiss() {} },
  ] as const;
const root = () => document.querySelector('touchpoint-ui')?.shadowRoot;

describe('the UI in the page', () => {
  it('is made by createUI but put in the page only when something shows (never by an empty dock)', async () => {
    const ui = createUI({ locale: 'en' });
    ui.dock(null, actions);
    expect(document.querySelector('touchpoint-ui')).toBeNull();
    ui.showMessage(...message('Hello'));
    await vi.waitFor(() => expect(root()?.textContent).toContain('Hello'));
    ui.destroy();
    expect(document.querySelector('touchpoint-ui')).toBeNull();
  });

  it('destroyed, it keeps no launchers: shown again it draws only what it is asked to, and a dock chunk arriving late draws nothing', async () => {
    const ui = createUI({ locale: 'en' });
    ui.dock(view, actions);
    await vi.waitFor(() => expect(root()?.textContent).toContain('launchers'));
    ui.destroy();
    ui.showMessage(...message('Again'));
    await vi.waitFor(() => expect(root()?.textContent).toContain('Again'));
    expect(root()!.textContent).not.toContain('launchers');
    ui.destroy();

    // The chunk is on its way when the UI is destroyed.
    const late = createUI({ locale: 'en' });
    late.dock(view, actions);
    late.destroy();
    late.showMessage(...message('Later'));
    await vi.waitFor(() => expect(root()?.textContent).toContain('Later'));
    expect(root()!.textContent).not.toContain('launchers');
    late.destroy();
  });
});
