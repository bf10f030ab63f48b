import { defineConfig } from 'vite';

/**
 * Three builds of the runtime:
 * - default: the ESM library for `import { createTouchpoint } from '@touchpoint/sdk'`
 *   (dependencies left to the app's bundler);
 * - `--mode script`: the self-contained script-tag bundle the collector serves at /sdk.js;
 * - `--mode engine`: the engine (flows, targets, presenter) as one ES module
 *   (`dist/engine.js`), served at /sdk/engine.js and imported by the script-tag runtime
 *   once there is content to run.
 */
export default defineConfig(({ mode }) => {
  const script = mode === 'script';
  const engine = mode === 'engine';
  return {
    resolve: { conditions: ['source'] },
    // Library mode leaves process.env.NODE_ENV alone (the app's bundler decides); the
    // script tag has no bundler after it, and browsers have no `process`.
    define: script ? { 'process.env.NODE_ENV': JSON.stringify('production') } : {},
    build: {
      emptyOutDir: !script && !engine,
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
          ? { output: { minify: true } }
          : { external: ['nanostores', '@touchpoint/content', '@touchpoint/ui'] },
    },
  };
});
