// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';

// The messages chunk fails to load once (offline, a deploy replaced it), then loads.
const loads = vi.hoisted(() => ({ count: 0 }));
vi.mock('./messages.js', () => {
  loads.count++;
  if (loads.count === 1) throw new Error('Failed to fetch dynamically imported module');
  return { showMessage: (el: HTMLElement, view: { title?: string }) => void (el.textContent = view.title ?? '') };
});

const { createUI } = await import('./ui.js');

afterEach(() => {
  document.body.innerHTML = '';
});

describe('a widget whose chunk fails to load', () => {
  it('says so to the SDK, and the next show loads the chunk again', async () => {
    const ui = createUI({ locale: 'en' });
    const said: string[] = [];
    const actions = { cta() {}, dismiss() {}, failed: () => said.push('failed') };
    ui.showMessage({ key: 'message:a', kind: 'modal', title: 'First' }, actions);
    await vi.waitFor(() => expect(said).toEqual(['failed']));

    ui.hide('main');
    ui.showMessage({ key: 'message:b', kind: 'modal', title: 'Second' }, actions);
    const root = document.querySelector('touchpoint-ui')!.shadowRoot!;
    await vi.waitFor(() => expect(root.textContent).toContain('Second'));
    expect(loads.count).toBe(2);
    ui.destroy();
  });
});
