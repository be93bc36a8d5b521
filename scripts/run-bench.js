#!/usr/bin/env node
// `npm run bench -- <name> [args…]` builds the Node code and runs dist/bench/<name>.js — compiled, as users run
// it (the import bench needs the compiled worker threads). Each bench prints one JSON line per figure.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const [name, ...args] = process.argv.slice(2);
const available = readdirSync(`${root}bench`).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.startsWith('bench-') && !f.endsWith('-child.ts')).map((f) => f.slice(0, -3));
if (!name || !available.includes(name)) {
  process.stderr.write(`usage: npm run bench -- <name> [args]\navailable: ${available.join(', ')}\n`);
  process.exit(2);
}
const build = spawnSync('npx', ['tsc', '-p', 'tsconfig.node.json'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const entry = `${root}dist/bench/${name}.js`;
if (!existsSync(entry)) {
  process.stderr.write(`bench: ${entry} was not built\n`);
  process.exit(1);
}
const res = spawnSync(process.execPath, [entry, ...args], { stdio: 'inherit' });
process.exit(res.status ?? 1);
