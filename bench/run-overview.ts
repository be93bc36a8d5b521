// `npm run bench -- run-overview [cases]`: the engine behind the run overview on a run of `cases` cases × 2 arms
// (default 100,000): latency/cost distributions, the target diff, and the slices gated on their own — what
// evaluatePolicy costs per slice, the first runs.slices (worker thread) and the stored answer after it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { caseOutcomes } from '../engine/gates/case-outcomes.js';
import { sha256Hex } from '../engine/hashing.js';
import { runDistributions } from '../engine/runs/distributions.js';
import { groupBySlice, runSlices } from '../engine/runs/slice-results.js';
import { runTargetDiff } from '../engine/runs/target-diff.js';
import { openStore } from '../engine/store/index.js';
import { openWorkspace } from '../engine/workspace.js';
import { gatePolicySchema } from '../shared/domain/policy.js';
import { evaluatePolicy } from '../shared/gates/evaluate-policy.js';
import { BIG_RUN_POLICY, buildBigRunWorkspace } from '../test-support/big-run.js';
import { emit, median } from './bench-output.js';

const cases = Number(process.argv[2] ?? 100_000);
const dir = mkdtempSync(join(tmpdir(), 'canary-gate-bench-overview-'));
const time = <T>(f: () => T): [number, T] => {
  const t = performance.now();
  const v = f();
  return [performance.now() - t, v];
};
try {
  const big = buildBigRunWorkspace(dir, { cases });
  emit({ bench: 'run-overview', metric: `workspace build (${cases} cases)`, value: big.buildMs, unit: 'ms' });
  const ws = openWorkspace(dir);
  const store = openStore(big.databaseFile);
  const m = (metric: string, value: number) => emit({ bench: 'run-overview', metric, value, unit: 'ms' });

  m('runs.distributions (first)', time(() => runDistributions(store, big.runId))[0]);
  m('runs.distributions (median of 7)', median(Array.from({ length: 7 }, () => time(() => runDistributions(store, big.runId))[0])));
  m('runs.targetDiff (median of 7)', median(Array.from({ length: 7 }, () => time(() => runTargetDiff(store, big.runId))[0])));

  const [outcomesMs, outcomes] = time(() => caseOutcomes(store, big.runId));
  m('caseOutcomes (whole run)', outcomesMs);
  for (const { slice, cases: sliceCases } of groupBySlice(outcomes)) {
    m(`evaluatePolicy on slice ${slice ?? '(none)'} (${sliceCases.length} cases, ${BIG_RUN_POLICY.bootstrap.replicates} replicates)`, time(() => evaluatePolicy(BIG_RUN_POLICY, sliceCases, 'sha256:x'))[0]);
  }
  const first = groupBySlice(outcomes)[0]!;
  const thorough = gatePolicySchema.parse({ ...BIG_RUN_POLICY, bootstrap: { replicates: 2000, seed: 7 } });
  m(`evaluatePolicy on slice ${first.slice} (${first.cases.length} cases, 2000 replicates)`, time(() => evaluatePolicy(thorough, first.cases, 'sha256:x'))[0]);

  // Gated again with the policy's text stored, as `canary-gate gate` does now.
  const text = stringify(BIG_RUN_POLICY);
  const digest = `sha256:${sha256Hex(text)}`;
  store.gates.insert(big.runId, { ...store.gates.latest(big.runId)!.evaluation, policy: { name: BIG_RUN_POLICY.name, digest, confidence: 0.95, decision: 'interval' } }, text);
  const t0 = performance.now();
  const slices = await runSlices(store, ws, big.runId);
  m(`runs.slices first (${slices.slices.length} slices, computed off-thread and stored)`, performance.now() - t0);
  const t1 = performance.now();
  await runSlices(store, ws, big.runId);
  m('runs.slices after (stored)', performance.now() - t1);
  store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
