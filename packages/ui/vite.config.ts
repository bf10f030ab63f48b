import { defineConfig } from 'vite';

/**
 * Two builds of the UI:
 * - default: the ESM library for apps that bundle `@touchpoint/sdk` (their bundler splits it
 *   into a lazily loaded chunk);
 * - `--mode chunk`: `dist/ui.js`, one self-contained ES module with Preact and floating-ui,
 *   which the script-tag runtime imports from the collector (`/sdk/ui.js`) only when
 *   something must render.
 */
export default defineConfig(({ mode }) => {
  const chunk = mode === 'chunk';
  return {
    resolve: { conditions: ['source'] },
    define: chunk ? { 'process.env.NODE_ENV': JSON.stringify('production') } : {},
    oxc: { jsx: { runtime: 'classic', pragma: 'h', pragmaFrag: 'Fragment' } },
    build: {
      emptyOutDir: false,
      outDir: chunk ? 'dist/chunk' : 'dist',
      // Every browser with the Popover API runs ES2022 (native class fields: no helpers).
      target: 'es2022',
      // The same browsers have light-dark() and fit-content: no CSS polyfills.
      cssTarget: ['chrome123', 'firefox120', 'safari17.5'],
      // The collector serves the chunk without its map: no sourceMappingURL pointing at a 404.
      sourcemap: chunk ? 'hidden' : true,
      minify: chunk,
      // The chunk build's file graph (`dist/chunk/.vite/manifest.json`): the collector's
      // first-visit hint reads from it which files a widget imports.
      manifest: chunk,
      // The library has a second entry, the builder's panel (`@touchpoint/ui/builder`), which only
      // the SDK's builder tool imports; the chunk build (what end users download) has none.
      lib: chunk
        ? { entry: 'src/index.ts', formats: ['es'], fileName: () => 'ui.js' }
        : { entry: { index: 'src/index.ts', builder: 'src/builder.ts' }, formats: ['es'], fileName: (_format, name) => `${name}.js` },
      // The messages widgets are a chunk of their own, imported by the UI on first use.
      cssCodeSplit: false,
      rolldownOptions: chunk
        ? { preserveEntrySignatures: 'allow-extension', output: { minify: true, comments: false } }
        : { external: [/^preact/, /^@floating-ui\//, '@touchpoint/content'] },
    },
  };
});
