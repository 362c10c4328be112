import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

// Served by the API server under /console (server/console.ts); `npm start` builds it when stale.
export default defineConfig({
  root: import.meta.dirname,
  base: '/console/',
  plugins: [preact()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  logLevel: 'warn',
});
