import { defaultClientConditions, defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * The workspace's test configuration. Workspace packages are resolved to their
 * TypeScript sources (the "source" export condition), so unit tests never need a build.
 * The end-to-end tests in test/ use the built artifacts instead (the script-tag bundle
 * and the collector's CLI), exactly as users get them; `pnpm test` builds first.
 */
export default defineConfig({
  // The UI's TSX uses classic JSX with Preact's `h` (see tsconfig.json).
  oxc: { jsx: { runtime: 'classic', pragma: 'h', pragmaFrag: 'Fragment' } },
  resolve: { conditions: ['source', ...defaultClientConditions] },
  ssr: { resolve: { conditions: ['source', ...defaultServerConditions] } },
  test: {
    // In CI, also a JSON report: .ci/run prints its counts as the closing line.
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: '.vitest-report.json' },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.{ts,tsx}'],
          environment: 'node',
          sequence: { groupOrder: 0 },
          // Preact's exports include a "source" condition: with ours on, code vite transforms
          // gets preact/src while Node would load the testing library's preact from dist, and
          // hooks would see two Preacts. Through vite, everything gets the same one.
          server: { deps: { inline: ['preact', '@testing-library/preact'] } },
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Each file starts its own collector and Chromium; two at once fit the 2-core budget.
          maxWorkers: 2,
          // After the unit tests, which are fast and catch most breakage first.
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
