import { defineConfig } from 'vite';

/**
 * Two builds of the runtime:
 * - default: the ESM library for `import { createTouchpoint } from '@touchpoint/sdk'`
 *   (dependencies left to the app's bundler);
 * - `--mode script`: the self-contained script-tag bundle the collector serves at /sdk.js.
 */
export default defineConfig(({ mode }) => {
  const script = mode === 'script';
  return {
    resolve: { conditions: ['source'] },
    // Library mode leaves process.env.NODE_ENV alone (the app's bundler decides); the
    // script tag has no bundler after it, and browsers have no `process`.
    define: script ? { 'process.env.NODE_ENV': JSON.stringify('production') } : {},
    build: {
      emptyOutDir: !script,
      target: 'es2020',
      sourcemap: true,
      minify: script,
      lib: script
        ? { entry: 'src/script-tag.ts', formats: ['iife'], name: 'touchpointRuntime', fileName: () => 'touchpoint.js' }
        : { entry: 'src/index.ts', formats: ['es'], fileName: () => 'index.js' },
      rolldownOptions: script ? {} : { external: ['nanostores', '@touchpoint/content'] },
    },
  };
});
