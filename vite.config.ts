import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer is built once into dist/renderer and served by both faces:
// Electron loads it from disk, `canary-gate serve` serves it over HTTP.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    // One bundle (about 600 kB, react-dom and zod the most of it), read from disk or from 127.0.0.1: splitting it
    // would save no network time, so the 500 kB web default is only noise in every build.
    chunkSizeWarningLimit: 1024,
  },
});
