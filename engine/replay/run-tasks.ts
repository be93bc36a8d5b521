import type { Arm } from '../../shared/domain/run.js';
import type { Price, Target } from '../../shared/domain/target.js';
import { InputError } from '../errors.js';
import { scrubSecrets } from '../secrets.js';
import type { ProviderCompletion } from '../providers/provider.js';
import { resultKey, type NewResult, type Store, type StoredCase } from '../store/index.js';
import { buildChatRequest } from './build-request.js';
import { callCost } from './cost.js';
import { caseTokens, estimateCost, tokensFrom, type CostEstimate, type RecordedTokens } from './estimate-cost.js';
import { runCases } from './shard.js';

/** One call a run still needs: a case, an arm and an attempt number. */
export interface Task {
  storedCase: StoredCase;
  arm: Arm;
  attempt: number;
}

/** The run's (case, arm, attempt) calls that have no result yet, with the run's targets and cases (a shard run: its shard's). */
export function pendingTasks(store: Store, runId: string) {
  const run = store.runs.get(runId);
  if (!run) throw new Error(`no run ${runId}`);
  const targets = { baseline: store.targets.get(run.baselineTargetId)!, candidate: store.targets.get(run.candidateTargetId)! };
  const cases = runCases(store, run);
  const done = store.results.doneKeys(runId);
  const tasks: Task[] = [];
  for (const storedCase of cases) {
    for (let attempt = 0; attempt < run.repeats; attempt++) {
      for (const arm of ['baseline', 'candidate'] as const) {
        if (!done.has(resultKey(storedCase.id, arm, attempt))) tasks.push({ storedCase, arm, attempt });
      }
    }
  }
  return { run, targets, cases, tasks };
}

/**
 * The estimate of the tasks' calls. `recorded` (the suite's recorded token counts by case id, read in SQL) spares
 * parsing every case's conversation for counts its sample already holds.
 */
export function estimateTasks(tasks: readonly Task[], targets: ReturnType<typeof pendingTasks>['targets'], prices: Record<string, Price>, recorded?: ReadonlyMap<number, RecordedTokens>): CostEstimate {
  // Each case is read once however many arms and attempts it has; only its token counts are kept.
  const tokens = new Map<number, ReturnType<typeof caseTokens>>();
  const countsOf = (c: StoredCase) => (recorded ? tokensFrom(recorded.get(c.id), () => c.evalCase.input.messages) : caseTokens(c.evalCase));
  const tokensOf = (t: Task) => {
    let known = tokens.get(t.storedCase.id);
    if (!known) tokens.set(t.storedCase.id, (known = countsOf(t.storedCase)));
    return known;
  };
  return estimateCost(
    tasks.map((t) => ({ tokens: tokensOf(t), arm: t.arm })),
    { baseline: targets.baseline.target, candidate: targets.candidate.target },
    prices,
  );
}

/** The request body a task sends: its case under the target's frozen change, with a seed of its own per repeat. */
export function taskRequestBody(task: Task, target: Target, repeats: number): Record<string, unknown> {
  const body = buildChatRequest(task.storedCase.evalCase, target);
  // Repeats are samples, not copies: each attempt gets its own seed where the provider takes one.
  if (repeats > 1) body.seed = (typeof body.seed === 'number' ? body.seed : 0) + task.attempt;
  return body;
}

/** Refuses, before anything is called, a replay whose estimate is over the budget or cannot be priced. */
export function assertWithinBudget(estimate: CostEstimate, maxCostUsd: number | undefined): void {
  if (maxCostUsd === undefined) return;
  if (estimate.unpriced.length > 0) {
    throw new InputError(`cannot hold a budget without prices for ${estimate.unpriced.join(', ')} (add them under prices: in canary-gate.yaml)`, { field: '--max-cost' });
  }
  if (estimate.total > maxCostUsd) {
    throw new InputError(`the ${estimate.calls} remaining call(s) are estimated at $${estimate.total.toFixed(4)}, over the budget of $${maxCostUsd.toFixed(4)}; nothing was called`, { field: '--max-cost' });
  }
}

/** The stored row of a successful completion (called now, or answered from the cache). */
export function completedResult(runId: string, task: Task, c: ProviderCompletion & { toolRounds?: number }, price: Price | undefined, retries: number, cached: boolean): NewResult {
  return {
    runId, caseId: task.storedCase.id, arm: task.arm, attempt: task.attempt, status: 'ok',
    outputText: c.text, finishReason: c.finishReason,
    toolCallsJson: c.toolCalls.length ? JSON.stringify(c.toolCalls) : null, error: null,
    latencyMs: c.latencyMs, promptTokens: c.promptTokens, completionTokens: c.completionTokens,
    // The model's price of the answer, even from the cache: cost/request gates compare models, not bills.
    costUsd: callCost(price, c.promptTokens, c.completionTokens, c.cachedPromptTokens ?? null), retries, cached,
    ttftMs: c.ttftMs ?? null, toolRounds: c.toolRounds ?? 0,
  };
}

/** The stored row of a call that failed at the infrastructure level (never a quality failure); known secrets scrubbed from its error. */
export function infraErrorResult(runId: string, task: Task, error: string, retries: number): NewResult {
  return {
    runId, caseId: task.storedCase.id, arm: task.arm, attempt: task.attempt, status: 'infra_error',
    outputText: null, finishReason: null, toolCallsJson: null, error: scrubSecrets(error),
    latencyMs: null, promptTokens: null, completionTokens: null, costUsd: null, retries,
  };
}

/** The counts every replay reports, as they stand before it makes a call. */
export interface ReplayCounts {
  runId: string;
  total: number;
  alreadyDone: number;
  called: number;
  infraErrors: number;
  interrupted: boolean;
  /** Why the run stopped early, if it did ('circuit': an endpoint kept failing, so it was left alone). */
  stoppedBy: 'signal' | 'deadline' | 'budget' | 'circuit' | null;
  /** The estimate for the calls this replay has to make, before it started. */
  estimate: CostEstimate;
  /** What the calls made by this replay cost. */
  spentUsd: number;
  /** Model calls answered from the response cache instead of over HTTP. */
  cacheHits: number;
  /** Results of this replay that ended at a tool call no recorded tool result matches. */
  unreplayableToolCalls: number;
}

/**
 * What a replay (call by call or in batches) starts from: the pending calls, their estimate — refused when over
 * the budget, before anything is called — and the counts it will report.
 */
export function beginReplay(store: Store, runId: string, prices: Record<string, Price>, maxCostUsd: number | undefined) {
  const pending = pendingTasks(store, runId);
  const total = pending.cases.length * pending.run.repeats * 2;
  const estimate = estimateTasks(pending.tasks, pending.targets, prices, store.suites.recordedTokens(pending.run.suiteId));
  assertWithinBudget(estimate, maxCostUsd);
  const counts: ReplayCounts = {
    runId, total, alreadyDone: total - pending.tasks.length, called: 0, infraErrors: store.results.counts(runId).infra,
    interrupted: false, stoppedBy: null, estimate, spentUsd: 0, cacheHits: 0, unreplayableToolCalls: 0,
  };
  return { ...pending, total, counts };
}
