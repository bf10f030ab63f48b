import { defineConfig } from 'vite';

/**
 * Three builds of the runtime:
 * - default: the ESM library for `import { createTouchpoint } from '@touchpoint/sdk'`
 *   (dependencies left to the app's bundler);
 * - `--mode script`: the self-contained script-tag bundle the collector serves at /sdk.js;
 * - `--mode engine`: the engine (targeting, orchestration) as an ES module
 *   (`dist/browser/engine.js`) and the presenter (targets, step views, Markdown) as a chunk
 *   beside it, served under /sdk/ and imported by the script-tag runtime once there is
 *   content to run (the presenter once something must show);
 * - `--mode debug`: the debugger (`dist/tools/debug.js`), a team's tool the runtime imports
 *   only when a page's URL asks for it (`#touchpoint-debug`), self-contained.
 */
export default defineConfig(({ mode }) => {
  const script = mode === 'script';
  const engine = mode === 'engine';
  if (mode === 'debug')
    return {
      resolve: { conditions: ['source'] },
      build: {
        emptyOutDir: false,
        outDir: 'dist/tools',
        target: 'es2020',
        sourcemap: true,
        minify: true,
        lib: { entry: 'src/debug/index.ts', formats: ['es'], fileName: () => 'debug.js' },
      },
    };
  return {
    resolve: { conditions: ['source'] },
    // Library mode leaves process.env.NODE_ENV alone (the app's bundler decides); the
    // script tag has no bundler after it, and browsers have no `process`.
    define: script ? { 'process.env.NODE_ENV': JSON.stringify('production') } : {},
    build: {
      emptyOutDir: !script && !engine,
      // The browser's engine and its chunks apart from the npm library's own engine.js.
      outDir: engine ? 'dist/browser' : 'dist',
      target: 'es2020',
      sourcemap: true,
      minify: script || engine,
      lib: script
        ? { entry: 'src/script-tag.ts', formats: ['iife'], name: 'touchpointRuntime', fileName: () => 'touchpoint.js' }
        : engine
          ? { entry: 'src/engine.ts', formats: ['es'], fileName: () => 'engine.js' }
          : { entry: { index: 'src/index.ts', engine: 'src/engine.ts' }, formats: ['es'] },
      rolldownOptions: script
        ? {}
        : engine
          ? {
              // The presenter is a chunk of its own (loaded beside the UI); what it shares with the
              // engine may stay in engine.js (it is always loaded first) instead of a third file.
              preserveEntrySignatures: 'allow-extension',
              output: { minify: true, chunkFileNames: '[name]-[hash].js' },
            }
          : { external: ['nanostores', '@touchpoint/content', '@touchpoint/ui'] },
    },
  };
});
