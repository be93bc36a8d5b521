// CLI integration: a misspelled key in canary-gate.yaml or a suite stops the real, built command with exit 2
// (npm test builds first), naming the file, line and key; a workspace made by `init` loads as written.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/canary-gate.js', import.meta.url));

function cli(args: string[]) {
  const res = spawnSync(process.execPath, [BIN, ...args], { cwd: tmp, encoding: 'utf8', env: { ...process.env, CI: 'true' }, timeout: 60_000 });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

let tmp: string;
let ws: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'cg-keys-cli-'));
  ws = join(tmp, 'ws');
  const init = cli(['init', '--workspace', ws]);
  expect(init.code).toBe(0);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('unknown keys in config files', () => {
  it('a workspace made by init loads: its config, suite and targets (replay --estimate calls nothing)', () => {
    const res = cli(['replay', '--workspace', ws, '--estimate', '--json']);
    // Nothing but the warning that no traffic is imported yet (only the hand-written cases would run).
    expect(res.stderr.trim().split('\n').filter((l) => !l.startsWith('Warning: the workspace holds no imported traffic'))).toEqual([]);
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout).suite).toBe('support-bot');
  });

  it('a misspelled system_prompt in canary-gate.yaml exits 2 naming the file, line, key and the key it meant', () => {
    const file = join(ws, 'canary-gate.yaml');
    const original = readFileSync(file, 'utf8');
    // The candidate's new system prompt, misspelled: without the check the candidate would equal the baseline.
    const lines = original.split('\n');
    const at = lines.indexOf('    model: sim-candidate') + 1;
    lines.splice(at, 0, '    sytem_prompt: You are terse.');
    writeFileSync(file, lines.join('\n'));
    try {
      const res = cli(['replay', '--workspace', ws, '--estimate']);
      expect(res.code).toBe(2);
      expect(res.stdout).toBe('');
      expect(res.stderr).toContain(`${file}:${at + 1}: targets.candidate.sytem_prompt: unknown key \`sytem_prompt\` — did you mean \`system_prompt\`?`);
    } finally {
      writeFileSync(file, original);
    }
  });

  it('a misspelled expectations_by_slice in a suite exits 2', () => {
    const suite = join(tmp, 'typo-suite.yaml');
    writeFileSync(suite, 'name: typo\ntraffic:\n  expectations_by_slcie:\n    doc_qa:\n      - type: citations\n');
    const res = cli(['replay', '--workspace', ws, '--suite', suite, '--estimate']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(`${suite}:3: traffic.expectations_by_slcie: unknown key \`expectations_by_slcie\` — did you mean \`expectations_by_slice\`?`);
  });
});
