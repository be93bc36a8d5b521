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
  },
});
