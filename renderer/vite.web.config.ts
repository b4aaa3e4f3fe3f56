import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The admin UI as a plain web bundle, served by `switchboard serve` (HTTP transport).
 * Paths are relative to the package root, where `npm run build` runs.
 */
export default defineConfig({
  root: 'renderer',
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../out/web',
    emptyOutDir: true,
  },
});
