import type { GateDrilldown } from '../../../shared/domain/case-review.js';
import type { RunDistributions, RunReports, RunSlices, TargetDiff } from '../../../shared/domain/run-overview.js';
import type { RunDetail, RunSummary } from '../../../shared/domain/run.js';
import { SAMPLE_GATE_EVALUATION } from '../../../test-support/sample-gate-evaluation.js';
import type { Responder } from './fake-client.js';

// A gated FAIL run and an interrupted, never-gated one, with everything the run overview asks about them.

export const gatedRun: RunSummary = {
  id: 'run-20261102-091500-a1b2',
  created_at: '2026-11-02T09:15:00.000Z',
  status: 'completed',
  suite: { name: 'support-bot', digest: 'sha256:aaaabbbbccccddddeeee' },
  baseline: { name: 'baseline', model: 'sim-baseline', fingerprint: 'sha256:1111aaaa', simulated: true },
  candidate: { name: 'candidate', model: 'gpt-4.1-mini', fingerprint: 'sha256:2222bbbb', simulated: false },
  cases: 40,
  results: 80,
  infra_errors: 1,
  unreplayable_tool_calls: 3,
  verdict: 'FAIL',
  expected_calls: 80,
  missing_calls: 0,
};

export const partialRun: RunSummary = {
  ...gatedRun,
  id: 'run-20261103-140210-c3d4',
  created_at: '2026-11-03T14:02:10.000Z',
  status: 'interrupted',
  results: 24,
  infra_errors: 0,
  unreplayable_tool_calls: 0,
  verdict: null,
  expected_calls: 80,
  missing_calls: 56,
};

export const details: Record<string, RunDetail> = {
  [gatedRun.id]: { ...gatedRun, gate: SAMPLE_GATE_EVALUATION, gate_evaluated_at: '2026-11-02T09:20:00.000Z' },
  [partialRun.id]: { ...partialRun, gate: null, gate_evaluated_at: null },
};

const none = { count: 0, case_ids: [] };

/** The drill-down of each sample gate: the high-severity gate uses only the 8 high-severity cases. */
export function drilldownOf(gate: string): GateDrilldown {
  const g = SAMPLE_GATE_EVALUATION.gates.find((x) => x.name === gate)!;
  if (g.metric === 'high_severity_failures') {
    return { gate, metric: g.metric, used: 8, regressions: { count: 1, case_ids: ['shipping-03'] }, improvements: none, excluded: { infra_error: none, unreplayable: none, missing_arm: 0, not_applicable: 32 }, largest_ratios: [] };
  }
  if (g.metric === 'citation_validity') {
    return {
      gate,
      metric: g.metric,
      used: 36,
      regressions: { count: 1, case_ids: ['refund-07'] },
      improvements: { count: 2, case_ids: ['refund-01', 'billing-02'] },
      excluded: { infra_error: { count: 1, case_ids: ['billing-09'] }, unreplayable: { count: 3, case_ids: ['orders-01', 'orders-04', 'orders-05'] }, missing_arm: 0, not_applicable: 0 },
      largest_ratios: [],
    };
  }
  return { gate, metric: g.metric, used: g.n, regressions: none, improvements: none, excluded: { infra_error: none, unreplayable: none, missing_arm: 0, not_applicable: 0 }, largest_ratios: [] };
}

export const slices: RunSlices = {
  policy: { name: 'model-upgrade', digest: SAMPLE_GATE_EVALUATION.policy.digest },
  slices: [
    { slice: 'billing', cases: 24, verdict: 'FAIL', gates: SAMPLE_GATE_EVALUATION.gates.map((g) => (g.metric === 'citation_validity' ? { ...g, estimate: 4.2, lower: 0.5, upper: 7.9, verdict: 'FAIL' as const, n: 24 } : { ...g, n: 24 })) },
    { slice: null, cases: 16, verdict: 'INCONCLUSIVE', gates: SAMPLE_GATE_EVALUATION.gates.map((g) => ({ ...g, n: 16 })) },
  ],
};

// Log-spaced latency bins 100 ms … 10 s; the candidate leans slower.
const edges = [100, 158.5, 251.2, 398.1, 631, 1000, 1584.9, 2511.9, 3981.1, 6309.6, 10000];
export const distributions: RunDistributions = {
  latency: {
    unit: 'ms',
    edges,
    baseline: { n: 40, counts: [0, 2, 5, 9, 12, 8, 3, 1, 0, 0], p50: 700, p90: 1400, p95: 1840, p99: 2600, mean: 812, total: null },
    candidate: { n: 39, counts: [0, 1, 3, 6, 10, 11, 5, 2, 1, 0], p50: 910, p90: 1650, p95: 1712, p99: 4100, mean: 990, total: null },
  },
  cost: {
    unit: 'usd',
    edges: [0, 0.002, 0.004, 0.006, 0.008],
    baseline: { n: 40, counts: [2, 20, 15, 3], p50: 0.0039, p90: 0.0055, p95: 0.0061, p99: 0.0072, mean: 0.00412, total: 0.1648 },
    candidate: { n: 39, counts: [5, 24, 9, 1], p50: 0.0031, p90: 0.0044, p95: 0.0049, p99: 0.0061, mean: 0.00331, total: 0.12909 },
  },
};

export const targetDiff: TargetDiff = {
  baseline: {
    name: 'baseline',
    fingerprint: 'sha256:1111aaaa',
    provider: 'simulated',
    model: 'sim-baseline',
    base_url: 'sim://baseline',
    simulated: true,
    params: { temperature: 0 },
    system_prompt: 'You are a support agent.\nCite the documents you use.',
    tools: ['lookup_order'],
    tool_policy: null,
  },
  candidate: {
    name: 'candidate',
    fingerprint: 'sha256:2222bbbb',
    provider: 'openai',
    model: 'gpt-4.1-mini',
    base_url: 'https://api.openai.com/v1',
    simulated: false,
    params: { temperature: 0.2 },
    system_prompt: 'You are a helpful support agent.\nCite the documents you use.',
    tools: ['lookup_order'],
    tool_policy: null,
  },
  changed: [
    { field: 'model', baseline: 'sim-baseline', candidate: 'gpt-4.1-mini' },
    { field: 'params.temperature', baseline: '0', candidate: '0.2' },
    { field: 'system_prompt', baseline: 'You are a support agent.', candidate: 'You are a helpful support agent.' },
  ],
  identical: false,
};

export const reports: RunReports = {
  reports: [
    {
      created_at: '2026-11-02T09:20:00.000Z',
      out_dir: '/work/demo/canary-gate-demo',
      signed: true,
      verdict: 'FAIL',
      report_sha256: 'sha256:9f8e7d6c5b4a39281706f5e4d3c2b1a0',
      files: [
        { name: 'gate-report.json', path: '/work/demo/canary-gate-demo/gate-report.json', exists: true },
        { name: 'gate-report.dsse.json', path: '/work/demo/canary-gate-demo/gate-report.dsse.json', exists: true },
        { name: 'gate-report.md', path: '/work/demo/canary-gate-demo/gate-report.md', exists: false },
      ],
    },
  ],
};

const notFound = (runId: string) => ({ ok: false as const, error: { code: 'not_found' as const, message: `no run "${runId}"` } });

/** Answers for every method the run overview calls, for the two runs above. */
export function overviewResponders(runs: RunSummary[] = [partialRun, gatedRun]): Responder {
  return {
    'runs.list': () => ({ ok: true, value: { runs, total: runs.length } }),
    'runs.get': ({ runId }) => (details[runId] ? { ok: true, value: details[runId] } : notFound(runId)),
    'runs.slices': ({ runId }) => ({ ok: true, value: details[runId]?.gate ? slices : { policy: null, slices: [] } }),
    'runs.distributions': () => ({ ok: true, value: distributions }),
    'runs.targetDiff': () => ({ ok: true, value: targetDiff }),
    'runs.reports': ({ runId }) => ({ ok: true, value: details[runId]?.gate ? reports : { reports: [] } }),
    'gates.drilldown': ({ gate }) => ({ ok: true, value: drilldownOf(gate) }),
    // These runs have no judges: the judges' panel stays out of the overview.
    'judges.summary': ({ runId }) => ({ ok: true, value: { runId, pairwise: null, rubric: null, calls: 0, cacheHits: 0, costUsd: 0 } }),
  };
}
