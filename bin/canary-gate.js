#!/usr/bin/env node
// The published entry point: runs the compiled CLI (npm install builds it via the prepare script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/cli/run.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('canary-gate: not built yet — run `npm install` (or `npm run build`) in the canary-gate folder first.\n');
  process.exit(4);
}
await import(entry.href);
