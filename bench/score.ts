// bench/score: re-scores 200,000 stored outputs with the deterministic catalogue (JSON Schema and regex included),
// without any model call, and prints outputs/s and the scoring process's peak RSS.
//   npm run bench -- score [outputs=200000] [rounds=3]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../engine/store/index.js';
import type { ScorerSpec } from '../shared/domain/scorer-spec.js';
import type { EvalCase } from '../shared/domain/suite.js';
import { seedScoredRun, type SeededAnswer } from '../test-support/scoring-run.js';
import { emit, median } from './bench-output.js';

const outputs = Number(process.argv[2] ?? 200_000);
const rounds = Number(process.argv[3] ?? 3);

/** Three response formats, each a JSON Schema: a suite repeats a few schemas over many cases (compiled once each). */
const SCHEMAS: Record<string, unknown>[] = [
  { type: 'object', required: ['order_id', 'status'], properties: { order_id: { type: 'string', pattern: '^A-\\d+$' }, status: { enum: ['shipped', 'pending', 'refunded'] } } },
  { type: 'object', required: ['amount', 'currency'], properties: { amount: { type: 'number', minimum: 0 }, currency: { type: 'string', minLength: 3, maxLength: 3 } } },
  { type: 'object', required: ['items'], properties: { items: { type: 'array', items: { type: 'object', required: ['sku', 'qty'], properties: { sku: { type: 'string' }, qty: { type: 'integer' } } } } } },
];

function expectations(i: number): ScorerSpec[] {
  return [
    { type: 'json_schema', schema: SCHEMAS[i % 3]! },
    { type: 'regex', pattern: i % 3 === 0 ? '"A-\\d{3,}"' : '\\d+' },
    { type: 'not_contains', value: 'as an AI' },
    { type: 'truncation' },
  ];
}

function caseOf(i: number): EvalCase {
  return {
    id: `case-${i}`,
    input: { messages: [{ role: 'user', content: `Order ${i}: what is its status? Answer in JSON.` }] },
    expectations: expectations(i),
    tags: [],
    severity: 'medium',
    origin: 'manual',
    status: 'active',
  };
}

/** Answers that pass and fail in a known mix: some off-schema, some cut off. */
function answer(i: number, arm: 'baseline' | 'candidate'): SeededAnswer {
  const off = arm === 'candidate' && i % 10 === 0;
  const bodies = [
    `{"order_id":"A-${1000 + i}","status":"${off ? 'lost' : 'shipped'}","note":"Your parcel left our warehouse and should arrive within three business days."}`,
    `{"amount":${off ? '"12.50"' : (i % 97) + 0.5},"currency":"EUR","note":"The refund goes back to the card you paid with."}`,
    `{"items":[{"sku":"SKU-${i}","qty":${off ? 1.5 : 2}},{"sku":"SKU-${i + 1}","qty":1}],"note":"Both items are in stock."}`,
  ];
  const text = bodies[i % 3]!;
  return { text: arm === 'candidate' && i % 25 === 0 ? text.slice(0, 60) : text, latencyMs: 300 + (i % 200), costUsd: 0.0004 };
}

const dir = mkdtempSync(join(tmpdir(), 'cg-bench-score-'));
try {
  const file = join(dir, 'bench.db');
  const store = openStore(file);
  const cases = Array.from({ length: outputs / 2 }, (_, i) => caseOf(i));
  const { runId } = seedScoredRun(store, cases, (_c, arm, i) => answer(i, arm), { suiteName: 'bench-score', digest: 'sha256:bench-score' });
  store.close();
  const child = fileURLToPath(new URL('./score-child.js', import.meta.url));
  const runs: { results: number; scores: number; failed: number; seconds: number; cpuSeconds: number; peakRssMb: number }[] = [];
  // Round 1 scores a run that has no scores; the later rounds re-score it (comparing with the stored scores' digests,
  // writing only what changed: nothing, here).
  for (let round = 0; round < rounds; round++) {
    const res = spawnSync(process.execPath, [child, file, runId], { encoding: 'utf8' });
    if (res.status !== 0) throw new Error(`score-child failed: ${res.stderr}`);
    runs.push(JSON.parse(res.stdout.trim().split('\n').at(-1)!) as (typeof runs)[number]);
  }
  const rescoring = runs.length > 1 ? runs.slice(1) : runs;
  emit({ bench: 'score', metric: 'outputs_per_s', value: median(rescoring.map((r) => r.results / r.seconds)), unit: 'outputs/s', reference: 50_000 });
  emit({ bench: 'score', metric: 'outputs_per_s_first_scoring', value: runs[0]!.results / runs[0]!.seconds, unit: 'outputs/s' });
  // Per second of the scoring process's own CPU time (user + system): what the figure would be on an idle machine
  // with the disk keeping up; the wall-clock figure above also counts time the process waited for a core.
  emit({ bench: 'score', metric: 'outputs_per_cpu_s', value: median(rescoring.map((r) => r.results / r.cpuSeconds)), unit: 'outputs/cpu-s' });
  emit({ bench: 'score', metric: 'outputs_per_cpu_s_first_scoring', value: runs[0]!.results / runs[0]!.cpuSeconds, unit: 'outputs/cpu-s' });
  emit({ bench: 'score', metric: 'load_average_1m', value: loadavg()[0]!, unit: 'runnable' });
  emit({ bench: 'score', metric: 'outputs', value: runs[0]!.results, unit: 'outputs' });
  emit({ bench: 'score', metric: 'scores_per_output', value: runs[0]!.scores / runs[0]!.results, unit: 'scores' });
  emit({ bench: 'score', metric: 'failed_scores', value: runs[0]!.failed, unit: 'scores' });
  emit({ bench: 'score', metric: 'peak_rss', value: Math.max(...runs.map((r) => r.peakRssMb)), unit: 'MB', reference: 200 });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
