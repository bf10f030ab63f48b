import { defineConfig } from 'vite';

/**
 * The target probe `touchpoint check` evaluates in the pages it opens (src/target-probe.ts):
 * one self-contained script, apart from every bundle an end user's page loads.
 */
export default defineConfig({
  resolve: { conditions: ['source'] },
  build: {
    emptyOutDir: true,
    outDir: 'dist/probe',
    target: 'es2020',
    minify: true,
    lib: { entry: 'src/target-probe.ts', formats: ['iife'], name: 'touchpointProbeBundle', fileName: () => 'target-probe.js' },
  },
});
