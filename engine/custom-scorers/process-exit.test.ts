// A CLI that scores with custom scorers: what a scorer prints stays off stdout (which may carry a JSON report), and
// the process exits once scoring is done, even after a hang replaced a worker and without close().
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';

const FIXTURE = fileURLToPath(new URL('../../fixtures/custom-scorers/workspace', import.meta.url));
const SCRIPT = fileURLToPath(new URL('../../test-support/score-with-custom-runner.ts', import.meta.url));
const TSX = createRequire(import.meta.url).resolve('tsx');

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'cg-custom-exit-'));
  cpSync(FIXTURE, root, { recursive: true });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

it('keeps scorer output off stdout and lets the process exit without close()', () => {
  const child = spawnSync(process.execPath, ['--import', TSX, SCRIPT, root, 'chatty', 'hang', 'polite'], { encoding: 'utf8', timeout: 20_000 });
  expect(child.error).toBeUndefined();
  expect(child.status).toBe(0);
  expect(JSON.parse(child.stdout)).toEqual([true, 'scorer "hang" on case "c1": timed out after 1000 ms', true]);
  expect(child.stderr).toContain('chatty scoring c0\n');
  expect(child.stderr).toContain('chatty raw write\n');
});
