// CLI integration for `replay --shard` and `merge`: the real, built command (npm test builds first).
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initWorkspace } from '../engine/workspace.js';
import { writeShardSuite } from '../test-support/shard-suite.js';

const BIN = fileURLToPath(new URL('../bin/canary-gate.js', import.meta.url));

function cli(args: string[]) {
  const res = spawnSync(process.execPath, [BIN, ...args], { cwd: tmp, encoding: 'utf8', env: { ...process.env, CI: 'true' }, timeout: 60_000 });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

function workspace(name: string, variant?: string): string {
  const root = join(tmp, name);
  initWorkspace(root);
  writeShardSuite(root, { cases: 16, ...(variant ? { variant } : {}) });
  return root;
}

const replayShard = (ws: string, shard: string) =>
  cli(['replay', '--workspace', ws, '--suite', 'evals/suites/shard.yaml', '--shard', shard, '--sim-time-scale', '0', '--json']);

let tmp: string;
const shardRuns: string[] = [];
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'cg-merge-cli-'));
  for (const i of [1, 2, 3]) {
    const res = replayShard(workspace(`runner-${i}`), `${i}/3`);
    expect(res.stderr).not.toMatch(/unexpected error/);
    expect(res.code).toBe(0);
    shardRuns.push(JSON.parse(res.stdout).run_id);
  }
  workspace('merge-job');
}, 60_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('canary-gate replay --shard', () => {
  it('replays its shard only and says it is one', () => {
    const res = replayShard('runner-1', '1/3');
    expect(res.code).toBe(0);
    // The shard run completed, so a second replay is a new run of the same shard: 6 of the 16 cases (16 = 6 + 5 + 5).
    expect(JSON.parse(res.stdout)).toMatchObject({ shard: { index: 1, count: 3 }, total: 12, interrupted: false });
  });

  it('refuses a malformed --shard with exit 2', () => {
    const res = replayShard('runner-1', '4/3');
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('--shard: expected i/n with 1 ≤ i ≤ n (e.g. 2/4), got "4/3"');
  });

  it('refuses to gate a shard with exit 2, pointing to merge', () => {
    const res = cli(['gate', '--workspace', 'runner-2', '--policy', 'evals/policies/shard-test.yaml', '--no-sign']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(`--run: run ${shardRuns[1]} is shard 2/3 of a split replay and cannot be gated on its own; combine the shards with 'canary-gate merge`);
  });
});

describe('canary-gate merge', () => {
  it('merges the runners into one run (JSON counts per shard), is a no-op the second time, and the merged run gates', () => {
    const res = cli(['merge', 'runner-1', 'runner-2/.canary-gate/canary-gate.db', 'runner-3', '--workspace', 'merge-job', '--json']);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout);
    expect(out).toMatchObject({ created: true, changed: true, complete: true, results: 32, scores: 32, suite: { name: 'shard-test' } });
    expect(out.shards.map((s: { shard: string; path: string; results: number; missing: number }) => [s.shard, s.path, s.results, s.missing])).toEqual([
      ['1/3', 'runner-1', 12, 0],
      ['2/3', 'runner-2/.canary-gate/canary-gate.db', 10, 0],
      ['3/3', 'runner-3', 10, 0],
    ]);
    // Runner 1 replayed its shard more than once: its newest shard run is the one merged.
    expect(out.shards.map((s: { run_id: string }) => s.run_id).slice(1)).toEqual(shardRuns.slice(1));

    const again = cli(['merge', 'runner-3', 'runner-2', 'runner-1', '--workspace', 'merge-job']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`Already merged: run ${out.run_id} holds exactly these shard runs' 32 results; nothing was written.`);

    const gate = cli(['gate', '--workspace', 'merge-job', '--run', out.run_id, '--policy', 'evals/policies/shard-test.yaml', '--no-sign', '--json']);
    // Gated like any run: all 16 cases, and 32 calls are too few to show an infra error rate under 2 % (exit 3).
    const gated = JSON.parse(gate.stdout);
    expect(gated).toMatchObject({ run_id: out.run_id, verdict: 'INCONCLUSIVE' });
    expect(gated.gates.find((g: { metric: string }) => g.metric === 'task_success').n).toBe(16);
    expect(gate.code).toBe(3);
  });

  it('exits 2 naming the shard and files for a missing or duplicate shard, and the file for another suite version', () => {
    const missing = cli(['merge', 'runner-1', 'runner-3', '--workspace', 'merge-job']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('canary-gate merge: shard: shard 2/3 missing: the databases given hold 1/3 from runner-1, 3/3 from runner-3');

    copyFileSync(join(tmp, 'runner-2', '.canary-gate', 'canary-gate.db'), join(tmp, 'copy.db'));
    const duplicate = cli(['merge', 'runner-1', 'runner-2', 'copy.db', 'runner-3', '--workspace', 'merge-job']);
    expect(duplicate.code).toBe(2);
    expect(duplicate.stderr).toContain(`canary-gate merge: copy.db: shard: shard 2/3 is given twice: run ${shardRuns[1]} in runner-2 and run ${shardRuns[1]} in copy.db`);

    expect(replayShard(workspace('runner-other', 'Thanks!'), '3/3').code).toBe(0);
    const other = cli(['merge', 'runner-1', 'runner-2', 'runner-other', '--workspace', 'merge-job']);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/canary-gate merge: runner-other: suite digest: shard 3\/3 \(run [\w-]+\) in runner-other has suite digest shard-test sha256:/);

    const nothing = cli(['merge', 'no-such-dir', '--workspace', 'merge-job']);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('canary-gate merge: no-such-dir: no such file or folder');
  });
});
