import { defineConfig } from 'vite';

/** The dashboard: a static single-page app the collector serves at /dashboard/. */
export default defineConfig({
  base: '/dashboard/',
  oxc: { jsx: { runtime: 'classic', pragma: 'h', pragmaFrag: 'Fragment' } },
  build: { target: 'es2022', outDir: 'dist', emptyOutDir: true, sourcemap: true },
});
