// `npm run bench -- gate-selectors [cases]` (run with node --expose-gc for the heap figures): what gates over scorers,
// categories and expectations cost on a run of `cases` cases × 2 arms (default 100,000). The case outcomes are read
// once without selectors (what a policy of built-in metrics reads) and once with three (a scorer type, a failure
// category, an expectation name; the scorer type makes the store read each score's scorer too); each time is the
// median of 5 interleaved reads, and the heap the outcomes keep is measured after a full collection.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { caseOutcomes } from '../engine/gates/case-outcomes.js';
import { openStore } from '../engine/store/index.js';
import { gatePolicySchema } from '../shared/domain/policy.js';
import { evaluatePolicy } from '../shared/gates/evaluate-policy.js';
import { selectorsOfPolicy, type MetricSelector } from '../shared/gates/metric-selector.js';
import { buildBigRunWorkspace } from '../test-support/big-run.js';
import { emit, median } from './bench-output.js';

const cases = Number(process.argv[2] ?? 100_000);
const dir = mkdtempSync(join(tmpdir(), 'canary-gate-bench-selectors-'));
const gc = (globalThis as { gc?: () => void }).gc;

const SELECTOR_POLICY = gatePolicySchema.parse({
  name: 'selectors',
  bootstrap: { replicates: 200, seed: 7 },
  gates: [
    { kind: 'paired_proportion', metric: 'scorer:contains', max_regression_points: 2 },
    { kind: 'new_failures', metric: 'category:unsafe_compliance', tolerance: 'zero' },
    { kind: 'paired_proportion', metric: 'expectation:cites sources', max_regression_points: 1, slice: 'refunds' },
  ],
});
const BUILTIN_POLICY = gatePolicySchema.parse({
  name: 'builtin',
  bootstrap: { replicates: 200, seed: 7 },
  gates: [
    { kind: 'paired_proportion', metric: 'task_success', max_regression_points: 2 },
    { kind: 'new_failures', metric: 'high_severity_failures', tolerance: 'zero' },
    { kind: 'paired_proportion', metric: 'citation_validity', max_regression_points: 1 },
  ],
});

function heapUsed(): number | null {
  if (!gc) return null;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

try {
  const big = buildBigRunWorkspace(dir, { cases });
  const store = openStore(big.databaseFile);
  // Interleaved rounds, each configuration once per round: a loaded machine slows rounds, not one configuration.
  const configs: { label: string; selectors: readonly MetricSelector[] }[] = [
    { label: 'without selectors', selectors: [] },
    { label: 'with 1 category selector', selectors: selectorsOfPolicy({ gates: [SELECTOR_POLICY.gates[1]!] }) },
    { label: `with ${selectorsOfPolicy(SELECTOR_POLICY).length} selectors`, selectors: selectorsOfPolicy(SELECTOR_POLICY) },
  ];
  const ROUNDS = 5;
  const times = configs.map(() => [] as number[]);
  for (let round = 0; round < ROUNDS; round++) {
    configs.forEach((c, i) => {
      const t = performance.now();
      caseOutcomes(store, big.runId, c.selectors);
      times[i]!.push(performance.now() - t);
    });
  }
  const reference = median(times[0]!);
  configs.forEach((c, i) => {
    emit({ bench: 'gate-selectors', metric: `caseOutcomes ${c.label} (${cases} cases, median of ${ROUNDS} interleaved)`, value: median(times[i]!), unit: 'ms', ...(i > 0 ? { reference } : {}) });
  });
  let outcomes: ReturnType<typeof caseOutcomes> = [];
  for (const c of configs) {
    outcomes = [];
    const before = heapUsed();
    outcomes = caseOutcomes(store, big.runId, c.selectors);
    const after = heapUsed();
    if (before !== null && after !== null) emit({ bench: 'gate-selectors', metric: `heap kept by the outcomes ${c.label}`, value: (after - before) / 1024 / 1024, unit: 'MB' });
  }
  const time = (f: () => unknown) => {
    const t = performance.now();
    f();
    return performance.now() - t;
  };
  emit({ bench: 'gate-selectors', metric: 'evaluatePolicy, 3 built-in gates', value: median([0, 1, 2].map(() => time(() => evaluatePolicy(BUILTIN_POLICY, outcomes, 'sha256:x')))), unit: 'ms' });
  emit({ bench: 'gate-selectors', metric: 'evaluatePolicy, 3 selector gates (one on a slice)', value: median([0, 1, 2].map(() => time(() => evaluatePolicy(SELECTOR_POLICY, outcomes, 'sha256:x')))), unit: 'ms' });
  store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
