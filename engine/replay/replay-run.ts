import type { Arm } from '../../shared/domain/run.js';
import type { Price } from '../../shared/domain/target.js';
import { callWithRetry, type RetryPolicy } from '../providers/call-with-retry.js';
import type { ChatProvider } from '../providers/provider.js';
import { recordedResult } from '../providers/recorded.js';
import type { NewResult, Store } from '../store/index.js';
import { caseTokens, type CostEstimate } from './estimate-cost.js';
import { assertWithinBudget, completedResult, estimateTasks, infraErrorResult, pendingTasks, taskRequestBody } from './run-tasks.js';
import { AdaptiveLimit } from './adaptive-limit.js';
import { RateLimiter } from './rate-limiter.js';
import { responseCacheKey } from './response-cache-key.js';

export interface ReplayOptions {
  concurrency: number;
  retry: RetryPolicy;
  prices: Record<string, Price>;
  signal?: AbortSignal;
  /** Stop dispatching (resumably) after this many consecutive infra errors on one arm; default 5. */
  circuitBreakerThreshold?: number;
  /** Answer from (and fill) the content-addressed response cache; default true. */
  cache?: boolean;
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
  /** Why the run stopped early, if it did ('circuit': an endpoint kept failing, so it was left alone). */
  stoppedBy: 'signal' | 'budget' | 'circuit' | null;
  /** The estimate for the calls this replay had to make, before it started. */
  estimate: CostEstimate;
  /** What the calls made by this replay cost. */
  spentUsd: number;
  /** Results answered from the response cache instead of a call. */
  cacheHits: number;
  /** The lowest number of concurrent calls 429s pushed each arm down to. */
  lowestConcurrency: Record<Arm, number>;
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
  assertWithinBudget(estimate, opts.maxCostUsd);
  const outcome: ReplayOutcome = {
    runId, total, alreadyDone: total - tasks.length, called: 0, infraErrors: store.results.counts(runId).infra,
    interrupted: false, stoppedBy: null, estimate, spentUsd: 0, cacheHits: 0, lowestConcurrency: { baseline: opts.concurrency, candidate: opts.concurrency },
  };
  const overBudget = () => opts.maxCostUsd !== undefined && outcome.spentUsd >= opts.maxCostUsd;
  const breakerThreshold = opts.circuitBreakerThreshold ?? 5;
  const consecutiveFailures: Record<Arm, number> = { baseline: 0, candidate: 0 };
  const circuitOpen = () => consecutiveFailures.baseline >= breakerThreshold || consecutiveFailures.candidate >= breakerThreshold;
  // Adaptive concurrency per arm: each endpoint's 429s narrow only its own calls.
  const slots = { baseline: new AdaptiveLimit(opts.concurrency), candidate: new AdaptiveLimit(opts.concurrency) };
  const limiters = {
    baseline: new RateLimiter(targets.baseline.target.limits?.rpm, targets.baseline.target.limits?.tpm),
    candidate: new RateLimiter(targets.candidate.target.limits?.rpm, targets.candidate.target.limits?.tpm),
  };
  store.runs.setStatus(runId, 'running');
  let next = 0;
  let finished = outcome.alreadyDone;
  opts.onProgress?.({ done: finished, total, infraErrors: outcome.infraErrors });

  const worker = async () => {
    /** Every finished (case, arm, attempt) goes through here: one row stored, counted, reported. */
    const record = (row: NewResult) => {
      store.results.insertMany([row]);
      if (row.status === 'infra_error') outcome.infraErrors++;
      finished++;
      opts.onProgress?.({ done: finished, total, infraErrors: outcome.infraErrors });
    };
    while (next < tasks.length && !opts.signal?.aborted && !overBudget() && !circuitOpen()) {
      const task = tasks[next++]!;
      const target = targets[task.arm];
      if (target.target.provider === 'recorded') {
        const key = { runId, caseId: task.storedCase.id, arm: task.arm, attempt: task.attempt };
        record(recordedResult(key, task.storedCase.evalCase.recorded, opts.prices[target.target.model]));
        continue;
      }
      const body = taskRequestBody(task, target.target, run.repeats);
      const cacheKey = opts.cache === false ? null : responseCacheKey(target.fingerprint, body, task.attempt);
      const hit = cacheKey ? store.responseCache.get(cacheKey) : undefined;
      if (hit) {
        outcome.cacheHits++;
        record(completedResult(runId, task, hit, opts.prices[target.target.model], 0, true));
        continue;
      }
      const tokens = caseTokens(task.storedCase.evalCase);
      await limiters[task.arm].acquire(tokens.prompt + tokens.completion, opts.signal).catch(() => undefined);
      if (opts.signal?.aborted) return;
      const slot = slots[task.arm];
      await slot.acquire();
      const res = await callWithRetry(providers[task.arm], body, opts.retry, opts.signal, (e) => {
        if (e.status === 429) slot.onRateLimited();
      }).finally(() => slot.release());
      if ('completion' in res) slot.onSuccess();
      if ('error' in res && opts.signal?.aborted) return; // in flight at the interruption: leave it for the resume
      outcome.called++;
      if ('completion' in res) {
        consecutiveFailures[task.arm] = 0;
        const row = completedResult(runId, task, res.completion, opts.prices[target.target.model], res.retries, false);
        outcome.spentUsd += row.costUsd ?? 0;
        if (cacheKey) store.responseCache.put(cacheKey, res.completion);
        record(row);
      } else {
        consecutiveFailures[task.arm]++;
        record(infraErrorResult(runId, task, `${res.error.kind}: ${res.error.message}`, res.retries));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency, tasks.length)) }, worker));
  outcome.lowestConcurrency = { baseline: slots.baseline.lowest, candidate: slots.candidate.lowest };
  outcome.interrupted = finished < total && (Boolean(opts.signal?.aborted) || overBudget() || circuitOpen());
  if (outcome.interrupted) outcome.stoppedBy = opts.signal?.aborted ? 'signal' : overBudget() ? 'budget' : 'circuit';
  store.runs.setStatus(runId, outcome.interrupted ? 'interrupted' : 'completed');
  return outcome;
}
