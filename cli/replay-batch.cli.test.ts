// CLI integration for `canary-gate replay --batch`: the real, built command on a small suite and the embedded sim.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';

const BIN = fileURLToPath(new URL('../bin/canary-gate.js', import.meta.url));
const CASES = 6;

let tmp: string;
const env = () => ({ ...process.env, CI: 'true' });
function cli(args: string[]) {
  const res = spawnSync(process.execPath, [BIN, ...args], { cwd: tmp, encoding: 'utf8', env: env(), timeout: 60_000 });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}
const replay = (...extra: string[]) => ['replay', '--workspace', 'ws', '--suite', 'evals/suites/small.yaml', '--batch', ...extra];

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'cg-batch-cli-'));
  expect(cli(['init', '--workspace', 'ws']).code).toBe(0);
  const cases = Array.from({ length: CASES }, (_, i) => ({
    id: `c${i}`,
    input: { messages: [{ role: 'system', content: `invoice INV-${i} amount: $${i}.50` }, { role: 'user', content: `How much is INV-${i}?` }] },
    expectations: [{ type: 'contains', value: `$${i}.50` }],
  }));
  writeFileSync(join(tmp, 'ws', 'evals', 'suites', 'small.yaml'), stringify({ name: 'small', cases }));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('canary-gate replay --batch', () => {
  it('--json prints one object with the run, its counts and the batch ids', () => {
    const res = cli(replay('--json', '--sim-time-scale', '0'));
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout);
    expect(out).toMatchObject({ resumed: false, total: CASES * 2, called: CASES * 2, infraErrors: 0, interrupted: false, scored: { results: CASES * 2 } });
    expect(out.batches.map((b: { arm: string; status: string; requests: number }) => [b.arm, b.status, b.requests])).toEqual([
      ['baseline', 'collected', CASES],
      ['candidate', 'collected', CASES],
    ]);
    for (const b of out.batches) expect(b.batchId).toMatch(/^batch_sim_[0-9a-f]{24}$/);
  });

  it('prints each batch id as it is submitted and stored', () => {
    const res = cli(replay('--new', '--no-cache', '--sim-time-scale', '0'));
    expect(res.code).toBe(0);
    expect(res.stderr).toMatch(new RegExp(`openai-chat batch batch_sim_\\w+ \\(baseline, ${CASES} call\\(s\\)\\): submitted`));
    expect(res.stderr).toMatch(/openai-chat batch batch_sim_\w+ \(candidate, \d+ call\(s\)\): results stored/);
    expect(res.stdout).toMatch(new RegExp(`${CASES * 2} call\\(s\\) made`));
  });

  it('a replay killed while its batches run records them; the next run picks the run up again', async () => {
    // At time scale 1 a sim batch takes 2 s: long enough to kill the process while it polls.
    const child = spawn(process.execPath, [BIN, ...replay('--new', '--no-cache', '--sim-time-scale', '1')], { cwd: tmp, env: env() });
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`never saw both batches submitted: ${stderr}`)), 20_000);
      child.stderr.on('data', (c: Buffer) => {
        stderr += c.toString();
        if ((stderr.match(/: submitted/g) ?? []).length === 2) {
          clearTimeout(timer);
          child.kill('SIGKILL');
          resolve();
        }
      });
    });
    await new Promise((r) => child.once('exit', r));
    const res = cli(replay('--json', '--no-cache', '--sim-time-scale', '0'));
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout);
    expect(out).toMatchObject({ resumed: true, alreadyDone: 0, called: CASES * 2, interrupted: false });
    // The embedded sim died with the process, so its batches are gone: recorded as lost, their calls submitted again.
    const ids = [...stderr.matchAll(/batch (batch_sim_\w+) /g)].map((m) => m[1]).sort();
    expect(out.batches.filter((b: { status: string }) => b.status === 'lost').map((b: { batchId: string }) => b.batchId).sort()).toEqual(ids);
    expect(out.batches.filter((b: { status: string }) => b.status === 'collected')).toHaveLength(2);
  }, 40_000);
});
