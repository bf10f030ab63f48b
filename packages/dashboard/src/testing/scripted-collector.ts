import { cleanup } from '@testing-library/preact';
import { afterEach, beforeEach, vi } from 'vitest';

/**
 * A collector that answers as scripted, for a page test: each GET path in `answers` gets its
 * JSON with 200 (`answers` is read at each request, so a test may change it); any other path
 * a 500 naming it. Installed before each test of the file and removed after, with the page.
 */
export function scriptedCollector(answers: Record<string, unknown>): void {
  beforeEach(() => {
    vi.stubGlobal('fetch', async (path: string) =>
      path in answers
        ? new Response(JSON.stringify(answers[path]), { status: 200, headers: { 'content-type': 'application/json' } })
        : new Response(JSON.stringify({ error: `not scripted: ${path}` }), { status: 500 }),
    );
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });
}
