import { newRunId } from '../engine/replay/run-id.js';
import type { NewResult, Store } from '../engine/store/index.js';
import type { Arm } from '../shared/domain/run.js';
import { targetSchema } from '../shared/domain/target.js';
import type { EvalCase } from '../shared/domain/suite.js';

/** What a seeded result answered (only the text is required). */
export interface SeededAnswer {
  text: string;
  finishReason?: string | null;
  toolCalls?: { name: string; arguments: string }[];
  latencyMs?: number | null;
  costUsd?: number | null;
  status?: 'ok' | 'infra_error';
}

const target = (model: string) => targetSchema.parse({ provider: 'recorded', model });

/**
 * For tests and benches of scoring: stores a suite version with these cases and a run whose results are the given
 * answers (one per case and arm, written straight through the store: no replay), in batches of a few thousand.
 */
export function seedScoredRun(store: Store, cases: readonly EvalCase[], answer: (c: EvalCase, arm: Arm, index: number) => SeededAnswer, opts: { suiteName?: string; digest?: string; sourcePath?: string } = {}): { runId: string; suiteId: number } {
  const suiteId = store.suites.upsert(opts.suiteName ?? 'scoring', opts.digest ?? `sha256:seed-${cases.length}`, opts.sourcePath ?? 'evals/suites/scoring.yaml', cases);
  const baseline = store.targets.upsert('baseline', 'fp-baseline', target('base'), false);
  const candidate = store.targets.upsert('candidate', 'fp-candidate', target('cand'), false);
  const run = store.runs.create(newRunId(), suiteId, baseline, candidate, 1);
  const ids = store.suites.allCases(suiteId).map((c) => c.id);
  let rows: NewResult[] = [];
  cases.forEach((c, i) => {
    for (const arm of ['baseline', 'candidate'] as const) {
      const a = answer(c, arm, i);
      rows.push({
        runId: run.id, caseId: ids[i]!, arm, attempt: 0, status: a.status ?? 'ok', outputText: a.text, finishReason: a.finishReason === undefined ? 'stop' : a.finishReason,
        toolCallsJson: a.toolCalls ? JSON.stringify(a.toolCalls) : null, error: a.status === 'infra_error' ? 'boom' : null, latencyMs: a.latencyMs ?? null,
        promptTokens: null, completionTokens: null, costUsd: a.costUsd ?? null, retries: 0,
      });
    }
    if (rows.length >= 5000) {
      store.results.insertMany(rows);
      rows = [];
    }
  });
  store.results.insertMany(rows);
  return { runId: run.id, suiteId };
}
