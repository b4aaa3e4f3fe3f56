import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/** The admin UI as a plain web bundle, served by `switchboard serve` (HTTP transport). */
export default defineConfig({
  root: resolve(__dirname),
  base: '/',
  plugins: [react()],
  build: {
    outDir: resolve(__dirname, '../out/web'),
    emptyOutDir: true,
  },
});
