// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { type ComponentType, h } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { lazyPage } from './lazy-chunk.js';

afterEach(cleanup);

/** A chunk whose download the test finishes, counting how often it was asked for. */
function chunk() {
  const downloads: Array<{ resolve: (page: ComponentType<{ name: string }>) => void; reject: (e: Error) => void }> = [];
  const load = () =>
    new Promise<ComponentType<{ name: string }>>((resolve, reject) => {
      downloads.push({ resolve, reject });
    });
  const Page = ({ name }: { name: string }) => <p>Hello {name}</p>;
  return { load, downloads, Page };
}

describe('lazyPage', () => {
  it('a page preloaded before it is drawn uses that download, and draws at once when it is there', async () => {
    const { load, downloads, Page } = chunk();
    const Lazy = lazyPage(load);
    const early = Lazy.preload();
    downloads[0]!.resolve(Page);
    await early;
    render(<Lazy name="Ada" />);
    // Drawn in the first render: no "Loading…" frame, no second download.
    expect(screen.getByText('Hello Ada')).toBeTruthy();
    expect(downloads).toHaveLength(1);
  });

  it('a page drawn while its preload is under way waits for that same download', async () => {
    const { load, downloads, Page } = chunk();
    const Lazy = lazyPage(load);
    Lazy.preload();
    render(<Lazy name="Grace" />);
    expect(screen.getByRole('status')).toBeTruthy();
    downloads[0]!.resolve(Page);
    expect(await screen.findByText('Hello Grace')).toBeTruthy();
    expect(downloads).toHaveLength(1);
  });

  it('after a failed preload the page downloads again when drawn; a failure then is shown with a retry', async () => {
    const { load, downloads, Page } = chunk();
    const Lazy = lazyPage(load);
    const early = Lazy.preload().catch(() => 'failed');
    downloads[0]!.reject(new Error('offline'));
    expect(await early).toBe('failed');
    render(<Lazy name="Linus" />);
    await waitFor(() => expect(downloads).toHaveLength(2));
    downloads[1]!.reject(new Error('still offline'));
    fireEvent.click(await screen.findByRole('button', { name: 'Try again' }));
    expect(downloads).toHaveLength(3);
    downloads[2]!.resolve(Page);
    expect(await screen.findByText('Hello Linus')).toBeTruthy();
  });
});
