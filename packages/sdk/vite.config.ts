import { defineConfig } from 'vite';

/**
 * The builds of the runtime:
 * - default: the ESM library for `import { createTouchpoint } from '@touchpoint/sdk'`
 *   (dependencies left to the app's bundler);
 * - `--mode script`: the self-contained script-tag bundle the collector serves at /sdk.js;
 * - `--mode engine`: the engine (targeting, orchestration) as an ES module
 *   (`dist/browser/engine.js`) and the presenter (targets, step views, Markdown) as a chunk
 *   beside it, served under /sdk/ and imported by the script-tag runtime once there is
 *   content to run (the presenter once something must show);
 * - `--mode tools`: the team's tools (`dist/tools/preview.js`…), each an ES module served
 *   under /sdk/ and imported only in a tab whose URL asked for it;
 * - `--mode builder`: the builder tool (`dist/tools/builder.js`), one self-contained ES module
 *   with its panel and its own Preact (its Japanese words a chunk beside it), loaded only from a
 *   builder link (`#touchpoint-builder=…`);
 *   it shows content with the UI the runtime loads (`ui.js`), so the preview is the real thing.
 * - `--mode debug`: the debugger (`dist/tools/debug.js`), a team's tool the runtime imports
 *   only when a page's URL asks for it (`#touchpoint-debug`), self-contained.
 */
export default defineConfig(({ mode }) => {
  const script = mode === 'script';
  const engine = mode === 'engine';
  const tools = mode === 'tools';
  const builder = mode === 'builder';
  if (builder)
    return {
      resolve: { conditions: ['source'] },
      define: { 'process.env.NODE_ENV': JSON.stringify('production') },
      oxc: { jsx: { runtime: 'classic', pragma: 'h', pragmaFrag: 'Fragment' } },
      build: {
        emptyOutDir: false,
        outDir: 'dist/tools',
        target: 'es2022',
        cssTarget: ['chrome123', 'firefox120', 'safari17.5'],
        sourcemap: 'hidden',
        minify: true,
        lib: { entry: 'src/builder-chunk.ts', formats: ['es'], fileName: () => 'builder.js' },
        // One module, but for the panel's Japanese words (`strings-ja-<hash>.js` beside it), fetched only when picked.
        rolldownOptions: { output: { minify: true, comments: false, chunkFileNames: '[name]-[hash].js' } },
      },
    };
  if (mode === 'debug')
    return {
      resolve: { conditions: ['source'] },
      build: {
        emptyOutDir: false,
        outDir: 'dist/tools',
        target: 'es2020',
        sourcemap: 'hidden',
        minify: true,
        lib: { entry: 'src/debug/index.ts', formats: ['es'], fileName: () => 'debug.js' },
      },
    };
  return {
    resolve: { conditions: ['source'] },
    // Library mode leaves process.env.NODE_ENV alone (the app's bundler decides); the
    // script tag and the engine it imports have no bundler after them, and browsers have no
    // `process` (nanostores reads it).
    define: script || engine ? { 'process.env.NODE_ENV': JSON.stringify('production') } : {},
    build: {
      emptyOutDir: !script && !engine && !tools,
      // The browser's engine and its chunks apart from the npm library's own engine.js.
      outDir: engine ? 'dist/browser' : tools ? 'dist/tools' : 'dist',
      // ES2021 (logical assignment kept as written; browsers since 2020): smaller than ES2020's rewrites.
      target: 'es2021',
      // The collector serves the browser builds without their maps: a sourceMappingURL there would
      // be bytes in every page pointing at a 404. Their maps stay in dist, for the release's debugging.
      sourcemap: script || engine || tools ? 'hidden' : true,
      minify: script || engine || tools,
      // The engine build's file graph (`dist/browser/.vite/manifest.json`): the collector's
      // first-visit hint reads the presenter's file (and what it imports) from it.
      manifest: engine,
      lib: script
        ? { entry: 'src/script-tag.ts', formats: ['iife'], name: 'touchpointRuntime', fileName: () => 'touchpoint.js' }
        : engine
          ? { entry: 'src/engine.ts', formats: ['es'], fileName: () => 'engine.js' }
          : tools
            ? { entry: 'src/preview-tool.ts', formats: ['es'], fileName: () => 'preview.js' }
            : { entry: { index: 'src/index.ts', engine: 'src/engine.ts' }, formats: ['es'] },
      rolldownOptions:
        script || tools
          ? {}
          : engine
            ? {
                // The presenter is a chunk of its own (loaded beside the UI); what it shares with the
                // engine may stay in engine.js (it is always loaded first) instead of a third file.
                preserveEntrySignatures: 'allow-extension',
                output: { minify: true, chunkFileNames: '[name]-[hash].js' },
              }
            : { external: ['nanostores', '@touchpoint/content', /^@touchpoint\/ui(\/|$)/] },
    },
  };
});
