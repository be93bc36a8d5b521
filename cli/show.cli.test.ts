// CLI integration: `canary-gate show` prints a run's target diff, its slices gated on their own and the latency and
// cost of both arms — the same engine functions as the app's run overview. Spawns the real, built `canary-gate`.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { caseOutcomes } from '../engine/gates/case-outcomes.js';
import { loadPolicy } from '../engine/gates/decide-run.js';
import { armQuantile } from '../engine/runs/distributions.js';
import { openStore } from '../engine/store/index.js';
import { evaluatePolicy } from '../shared/gates/evaluate-policy.js';
import { formatGateRow } from '../shared/report/format-gate.js';
import { BIG_RUN_POLICY, buildBigRunWorkspace } from '../test-support/big-run.js';
import { OVERVIEW_INFRA_CASE, OVERVIEW_UNREPLAYABLE_CASE, overviewLatency, seedOverviewRun } from '../test-support/overview-run.js';
import { hasStackTrace, spawnCli } from '../test-support/spawn-cli.js';

let tmp: string;
const CASES = 90;
let runId: string;
const ws = () => join(tmp, 'ws');

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'cg-show-cli-'));
  const seeded = seedOverviewRun(ws(), CASES);
  runId = seeded.runId;
  seeded.store.close();
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const show = (...args: string[]) => spawnCli(['show', '--workspace', ws(), ...args], tmp);

describe('canary-gate show', () => {
  it('before the run is gated: the target diff and latency, and the command that gates it instead of slices', () => {
    const res = show('--run', runId);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^model\s+sim-baseline\s+gpt-4\.1-mini$/m);
    expect(res.stdout).toMatch(/^params\.temperature\s+0\s+0\.2$/m);
    expect(res.stdout).toMatch(/^headers\.x-gateway-key\s+\(not set\)\s+\(value not shown\)$/m);
    expect(res.stdout).not.toContain('gw-secret-value');
    expect(res.stdout).toContain(`Slices: none — the run has not been gated yet: canary-gate gate --run ${runId}`);
    // Latency quantiles of the answered attempts, as the engine's estimator gives them.
    const skipped = new Set([OVERVIEW_INFRA_CASE, OVERVIEW_UNREPLAYABLE_CASE]);
    const sorted = (xs: number[]) => xs.sort((a, b) => a - b);
    const base = sorted(Array.from({ length: CASES }, (_, i) => overviewLatency(i, 'baseline')));
    const cand = sorted(Array.from({ length: CASES }, (_, i) => i).filter((i) => !skipped.has(i)).map((i) => overviewLatency(i, 'candidate')));
    const row = (arm: string, n: number, xs: number[]) =>
      new RegExp(`^${arm}\\s+${n}\\s+${[0.5, 0.9, 0.95, 0.99].map((q) => `${Math.round(armQuantile(xs, q)!)} ms`).join('\\s+')}\\s`, 'm');
    expect(res.stdout).toMatch(row('baseline', CASES, base));
    expect(res.stdout).toMatch(row('candidate', CASES - 2, cand));
  });

  it('after gate: each slice with its verdict and every gate with its interval, as the gate table formats them', () => {
    expect(spawnCli(['gate', '--workspace', ws(), '--no-sign'], tmp).code).toBe(3);
    const json = show('--slices', '--json');
    expect(json.code).toBe(0);
    const out = JSON.parse(json.stdout);
    expect(Object.keys(out)).toEqual(['run_id', 'slices']);
    expect(out.slices.slices.map((s: { slice: string | null }) => s.slice)).toEqual(['billing', 'refunds', 'shipping', null]);
    const refunds = out.slices.slices[1];
    expect(refunds.verdict).toBe('FAIL');

    const text = show('--slices');
    expect(text.code).toBe(0);
    const core = formatGateRow(refunds.gates[0]);
    expect(core.delta).toMatch(/^\+\d+\.\d\d pts \[\+\d+\.\d\d, \+\d+\.\d\d\]$/);
    expect(text.stdout).toContain(`refunds · ${refunds.cases} cases · FAIL`);
    expect(text.stdout).toMatch(new RegExp(`Core task success \\(critical\\)\\s+${core.delta.replace(/[[\]+.]/g, '\\$&')}\\s+≤ 1\\.00 pts worse\\s+${core.n}\\s+FAIL`));
    expect(text.stdout).toContain('(no slice) · 9 cases · INCONCLUSIVE');
    expect(text.stdout).not.toContain('Target diff');
  });

  it('an unknown run: exit 2, naming the runs there are, with no stack trace', () => {
    const res = show('--run', 'run-nope');
    expect(res.code).toBe(2);
    expect(res.stderr).toBe('canary-gate show: no run "run-nope"; the most recent: run-overview-0001\n');
    expect(hasStackTrace(res.stderr)).toBe(false);
  });
});

describe('canary-gate show on a large run', () => {
  // 21,000 results: past the size below which the slices are computed on the calling thread.
  it('computes the slices of an evaluation stored without them (on a worker thread at this size), stores them, and they equal evaluatePolicy on each slice’s outcomes', () => {
    const dir = join(tmp, 'big');
    const big = buildBigRunWorkspace(dir, { cases: 10_500 });
    const policyFile = join(dir, 'evals', 'policies', 'big-run.yaml');
    writeFileSync(policyFile, stringify(BIG_RUN_POLICY));
    expect(spawnCli(['gate', '--workspace', dir, '--run', big.runId, '--policy', policyFile, '--no-sign', '--json'], tmp).code).not.toBe(2);
    // `gate` stores the slices with the evaluation; forget them, as for an evaluation stored before it did, so that
    // the first show has to compute them.
    const before = openStore(big.databaseFile);
    try {
      expect(before.db.prepare('DELETE FROM gate_slice_results').run().changes).toBeGreaterThan(0);
    } finally {
      before.close();
    }
    const first = spawnCli(['show', '--workspace', dir, '--slices', '--json'], tmp);
    expect(first.code).toBe(0);
    const slices = JSON.parse(first.stdout).slices;
    expect(slices.policy.name).toBe('big-run');
    const store = openStore(big.databaseFile);
    try {
      const latest = store.gates.latest(big.runId)!;
      // Stored with the evaluation by the first show (gate's own copy was deleted above).
      expect(JSON.parse(store.gates.slicesJson(latest.id, store.gates.resultsState(big.runId).key)!)).toEqual(slices.slices);
      const policy = loadPolicy(policyFile);
      const outcomes = caseOutcomes(store, big.runId);
      for (const s of slices.slices) {
        const direct = evaluatePolicy(policy.policy, outcomes.filter((o) => (o.slice ?? null) === s.slice), policy.digest);
        expect(s.gates).toEqual(JSON.parse(JSON.stringify(direct.gates)));
        expect(s.verdict).toBe(direct.verdict);
      }
    } finally {
      store.close();
    }
    const second = spawnCli(['show', '--workspace', dir, '--slices', '--json'], tmp);
    expect(JSON.parse(second.stdout).slices).toEqual(slices);
  }, 120_000);
});
