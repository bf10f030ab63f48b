import { defineConfig } from 'vite';

/** The dashboard: a static single-page app the collector serves at /dashboard/. */
export default defineConfig({
  base: '/dashboard/',
  oxc: { jsx: { runtime: 'classic', pragma: 'h', pragmaFrag: 'Fragment' } },
  // No modulepreload polyfill: every browser the dashboard supports preloads modules itself.
  build: { target: 'es2022', outDir: 'dist', emptyOutDir: true, sourcemap: true, modulePreload: { polyfill: false } },
});
