import react from '@vitejs/plugin-react';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** The admin UI as a plain web bundle, served by `switchboard serve` (HTTP transport). */
const here = dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  base: '/',
  plugins: [react()],
  build: {
    outDir: resolve(here, '../out/web'),
    emptyOutDir: true,
  },
});
