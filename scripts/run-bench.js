#!/usr/bin/env node
// `npm run bench -- <name> [args…]` runs bench/<name>.ts; each bench prints one JSON line per figure.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const benchDir = fileURLToPath(new URL('../bench/', import.meta.url));
const [name, ...args] = process.argv.slice(2);
const available = readdirSync(benchDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.startsWith('bench-')).map((f) => f.slice(0, -3));
if (!name || !existsSync(`${benchDir}${name}.ts`)) {
  process.stderr.write(`usage: npm run bench -- <name> [args]\navailable: ${available.join(', ')}\n`);
  process.exit(2);
}
const res = spawnSync(process.execPath, ['--import', 'tsx', `${benchDir}${name}.ts`, ...args], { stdio: 'inherit' });
process.exit(res.status ?? 1);
