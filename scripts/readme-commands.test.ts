// The README's Quick start runs in a clone right after `npm install`: no `npx canary-gate` there, which would first
// install the package into npx's cache and rebuild it; every CLI command it shows names a real command.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { commands } from '../cli/commands/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const readme = readFileSync(`${root}README.md`, 'utf8');

/** The lines of the README's shell blocks under one `## ` heading. */
function shellLines(heading: string): string[] {
  const start = readme.indexOf(`\n## ${heading}\n`);
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end === -1 ? undefined : end);
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) => m[1]!.split('\n')).map((l) => l.trim()).filter(Boolean);
}

describe('README Quick start', () => {
  const lines = shellLines('Quick start');

  it('uses no npx canary-gate (the repository runs its own build: node bin/canary-gate.js)', () => {
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.filter((l) => /\bnpx canary-gate\b/.test(l))).toEqual([]);
    expect(lines.filter((l) => l.startsWith('node bin/canary-gate.js ')).length).toBeGreaterThanOrEqual(2);
  });

  it('names only real commands, each of which answers --help with exit 0 from the repository', () => {
    const names = new Set(commands.map((c) => c.name));
    for (const line of lines.filter((l) => l.startsWith('node bin/canary-gate.js '))) {
      const cmd = line.split(/\s+/)[2]!;
      expect(names.has(cmd), line).toBe(true);
      const res = spawnSync(process.execPath, ['bin/canary-gate.js', cmd, '--help'], { cwd: root, encoding: 'utf8' });
      expect(res.status, line).toBe(0);
    }
  });
});
