import type { Arm } from '../../shared/domain/run.js';
import type { Price } from '../../shared/domain/target.js';
import { callWithRetry, type RetryPolicy } from '../providers/call-with-retry.js';
import type { ChatProvider } from '../providers/provider.js';
import { recordedResult } from '../providers/recorded.js';
import { resultKey, type Store, type StoredCase } from '../store/index.js';
import { buildChatRequest } from './build-request.js';
import { InputError } from '../errors.js';
import { callCost } from './cost.js';
import { estimateCost, type CostEstimate } from './estimate-cost.js';

export interface ReplayOptions {
  concurrency: number;
  retry: RetryPolicy;
  prices: Record<string, Price>;
  signal?: AbortSignal;
  /** A budget in USD: refuse to start when the estimate exceeds it, stop cleanly when the spend reaches it. */
  maxCostUsd?: number;
  onProgress?: (p: { done: number; total: number; infraErrors: number }) => void;
}

export interface ReplayOutcome {
  runId: string;
  total: number;
  alreadyDone: number;
  called: number;
  infraErrors: number;
  interrupted: boolean;
  /** Why the run stopped early, if it did. */
  stoppedBy: 'signal' | 'budget' | null;
  /** The estimate for the calls this replay had to make, before it started. */
  estimate: CostEstimate;
  /** What the calls made by this replay cost. */
  spentUsd: number;
}

interface Task {
  storedCase: StoredCase;
  arm: Arm;
  attempt: number;
}

/** The run's (case, arm, attempt) calls that have no result yet, with the run's targets and cases. */
function pendingTasks(store: Store, runId: string) {
  const run = store.runs.get(runId);
  if (!run) throw new Error(`no run ${runId}`);
  const targets = { baseline: store.targets.get(run.baselineTargetId)!, candidate: store.targets.get(run.candidateTargetId)! };
  const cases = store.suites.activeCases(run.suiteId);
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

function estimateTasks(tasks: readonly Task[], targets: ReturnType<typeof pendingTasks>['targets'], prices: Record<string, Price>): CostEstimate {
  return estimateCost(
    tasks.map((t) => ({ evalCase: t.storedCase.evalCase, arm: t.arm })),
    { baseline: targets.baseline.target, candidate: targets.candidate.target },
    prices,
  );
}

/** What the calls still missing from a run would cost, before any is made. */
export function estimateRunCost(store: Store, runId: string, prices: Record<string, Price>): CostEstimate {
  const { targets, tasks } = pendingTasks(store, runId);
  return estimateTasks(tasks, targets, prices);
}

/**
 * Replays every (case, arm, attempt) of a run that has no result yet, with bounded concurrency. Each result
 * is written the moment it arrives, so an interrupted run loses at most the calls in flight, and a re-run
 * calls only what is missing.
 */
export async function replayRun(store: Store, runId: string, providers: Record<Arm, ChatProvider>, opts: ReplayOptions): Promise<ReplayOutcome> {
  const { run, targets, cases, tasks } = pendingTasks(store, runId);
  const total = cases.length * run.repeats * 2;
  const estimate = estimateTasks(tasks, targets, opts.prices);
  if (opts.maxCostUsd !== undefined) {
    if (estimate.unpriced.length > 0) {
      throw new InputError(`cannot hold a budget without prices for ${estimate.unpriced.join(', ')} (add them under prices: in canary-gate.yaml)`, { field: '--max-cost' });
    }
    if (estimate.total > opts.maxCostUsd) {
      throw new InputError(`the ${estimate.calls} remaining call(s) are estimated at $${estimate.total.toFixed(4)}, over the budget of $${opts.maxCostUsd.toFixed(4)}; nothing was called`, { field: '--max-cost' });
    }
  }
  const outcome: ReplayOutcome = {
    runId, total, alreadyDone: total - tasks.length, called: 0, infraErrors: store.results.counts(runId).infra,
    interrupted: false, stoppedBy: null, estimate, spentUsd: 0,
  };
  const overBudget = () => opts.maxCostUsd !== undefined && outcome.spentUsd >= opts.maxCostUsd;
  store.runs.setStatus(runId, 'running');
  let next = 0;
  let finished = outcome.alreadyDone;
  opts.onProgress?.({ done: finished, total, infraErrors: outcome.infraErrors });

  const worker = async () => {
    while (next < tasks.length && !opts.signal?.aborted && !overBudget()) {
      const task = tasks[next++]!;
      const target = targets[task.arm];
      if (target.target.provider === 'recorded') {
        const key = { runId, caseId: task.storedCase.id, arm: task.arm, attempt: task.attempt };
        const row = recordedResult(key, task.storedCase.evalCase.recorded, opts.prices[target.target.model]);
        store.results.insertMany([row]);
        if (row.status === 'infra_error') outcome.infraErrors++;
        finished++;
        opts.onProgress?.({ done: finished, total, infraErrors: outcome.infraErrors });
        continue;
      }
      const body = buildChatRequest(task.storedCase.evalCase, target.target);
      const res = await callWithRetry(providers[task.arm], body, opts.retry, opts.signal);
      if ('error' in res && opts.signal?.aborted) return; // in flight at the interruption: leave it for the resume
      outcome.called++;
      if ('completion' in res) {
        const c = res.completion;
        const costUsd = callCost(opts.prices[target.target.model], c.promptTokens, c.completionTokens);
        outcome.spentUsd += costUsd ?? 0;
        store.results.insertMany([{
          runId, caseId: task.storedCase.id, arm: task.arm, attempt: task.attempt, status: 'ok',
          outputText: c.text, finishReason: c.finishReason,
          toolCallsJson: c.toolCalls.length ? JSON.stringify(c.toolCalls) : null, error: null,
          latencyMs: c.latencyMs, promptTokens: c.promptTokens, completionTokens: c.completionTokens,
          costUsd, retries: res.retries,
        }]);
      } else {
        outcome.infraErrors++;
        store.results.insertMany([{
          runId, caseId: task.storedCase.id, arm: task.arm, attempt: task.attempt, status: 'infra_error',
          outputText: null, finishReason: null, toolCallsJson: null, error: `${res.error.kind}: ${res.error.message}`,
          latencyMs: null, promptTokens: null, completionTokens: null, costUsd: null, retries: res.retries,
        }]);
      }
      finished++;
      opts.onProgress?.({ done: finished, total, infraErrors: outcome.infraErrors });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency, tasks.length)) }, worker));
  outcome.interrupted = finished < total && (Boolean(opts.signal?.aborted) || overBudget());
  if (outcome.interrupted) outcome.stoppedBy = opts.signal?.aborted ? 'signal' : 'budget';
  store.runs.setStatus(runId, outcome.interrupted ? 'interrupted' : 'completed');
  return outcome;
}
