import type { Arm } from '../../shared/domain/run.js';
import type { Price } from '../../shared/domain/target.js';
import { callWithRetry, type RetryPolicy } from '../providers/call-with-retry.js';
import type { ChatProvider, ProviderCompletion, ProviderError } from '../providers/provider.js';
import { EndpointRefusedError } from '../errors.js';
import { recordedResult } from '../providers/recorded.js';
import { loaded, type NewResult, type Store } from '../store/index.js';
import { caseTokens, type CostEstimate } from './estimate-cost.js';
import { callCost } from './cost.js';
import { priceFor } from '../prices/price-table.js';
import { beginReplay, estimateTasks, infraErrorResult, pendingTasks, taskRequestBody, type ReplayCounts, type Task } from './run-tasks.js';
import { ConversationReplay, conversationResult } from './tool-replay.js';
import { AdaptiveLimit } from './adaptive-limit.js';
import { RateLimiter } from './rate-limiter.js';
import { canonicalJsonBytes } from '../json-sha256.js';
import { responseCacheKeyOfJson } from './response-cache-key.js';
import { ResultWriter } from './result-writer.js';

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
  /** Overall deadline in ms from the start: then calls in flight are abandoned (left for the resume) and the run stops. */
  deadlineMs?: number;
  onProgress?: (p: { done: number; total: number; infraErrors: number }) => void;
}

export interface ReplayOutcome extends ReplayCounts {
  /** The lowest number of concurrent calls 429s pushed each arm down to. */
  lowestConcurrency: Record<Arm, number>;
}

/** What the calls still missing from a run would cost, before any is made. */
export function estimateRunCost(store: Store, runId: string, prices: Record<string, Price>): CostEstimate {
  const { run, targets, tasks } = pendingTasks(store, runId);
  return estimateTasks(tasks, targets, prices, store.suites.recordedTokens(run.suiteId));
}

/**
 * Replays every (case, arm, attempt) of a run that has no result yet, with bounded concurrency. Each result
 * is written the moment it arrives, so an interrupted run loses at most the calls in flight, and a re-run
 * calls only what is missing.
 */
export async function replayRun(store: Store, runId: string, providers: Record<Arm, ChatProvider>, opts: ReplayOptions): Promise<ReplayOutcome> {
  const { run, targets, tasks, total, counts } = beginReplay(store, runId, opts.prices, opts.maxCostUsd);
  const outcome: ReplayOutcome = { ...counts, lowestConcurrency: { baseline: opts.concurrency, candidate: opts.concurrency } };
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
  // One signal for every way a run stops early from outside: the caller's, or the overall deadline.
  const stop = new AbortController();
  const signal = stop.signal;
  const forwardAbort = () => stop.abort();
  if (opts.signal?.aborted) stop.abort();
  opts.signal?.addEventListener('abort', forwardAbort, { once: true });
  let deadlinePassed = false;
  const deadline = opts.deadlineMs === undefined ? null : setTimeout(() => {
    deadlinePassed = true;
    stop.abort();
  }, opts.deadlineMs);
  store.runs.setStatus(runId, 'running');
  let next = 0;
  let finished = outcome.alreadyDone;
  opts.onProgress?.({ done: finished, total, infraErrors: outcome.infraErrors });

  /** Every finished (case, arm, attempt) goes through here: one row stored, counted, reported. */
  // The first thing that goes wrong inside the run (a failed commit, a throwing progress callback) stops every
  // worker, and the replay then rejects with it once they have all stopped — never leaving calls running behind.
  let failure: { error: unknown } | null = null;
  const fail = (error: unknown) => {
    failure ??= { error };
    stop.abort();
  };
  // An endpoint that refuses the request as configured (a 4xx other than 408/409/429) would refuse every call:
  // the replay stops at once, the refused call is not stored, and the run ends in bad input, not an infra error.
  let refused: { arm: Arm; error: ProviderError } | null = null;
  const writer = new ResultWriter(store, Math.max(1, opts.concurrency), fail);
  const record = (row: NewResult) => {
    writer.add(row);
    if (row.status === 'infra_error') outcome.infraErrors++;
    if (row.unreplayableToolCall) outcome.unreplayableToolCalls++;
    finished++;
    opts.onProgress?.({ done: finished, total, infraErrors: outcome.infraErrors });
  };

  /** One model call of a conversation: from the response cache, or over HTTP within the arm's limits. */
  const callOnce = async (task: Task, body: Record<string, unknown>): Promise<{ completion: ProviderCompletion; retries: number; cached: boolean } | { error: ProviderError; retries: number } | null> => {
    const target = targets[task.arm];
    // The body's canonical JSON, once: hashed into the cache key and sent as the request.
    const payload = canonicalJsonBytes(body);
    const cacheKey = opts.cache === false ? null : responseCacheKeyOfJson(target.fingerprint, payload, task.attempt);
    const hit = cacheKey ? store.responseCache.get(cacheKey) : undefined;
    if (hit) {
      outcome.cacheHits++;
      return { completion: hit, retries: 0, cached: true };
    }
    const limiter = limiters[task.arm];
    // Every attempt, first or retry, takes its request and tokens from the target's rate limits.
    const withinLimits = async () => {
      if (!limiter.limits) return;
      const tokens = limiter.countsTokens ? caseTokens(task.storedCase.evalCase) : { prompt: 0, completion: 0 };
      await limiter.acquire(tokens.prompt + tokens.completion, signal).catch(() => undefined);
    };
    await withinLimits();
    if (signal.aborted) return null;
    const slot = slots[task.arm];
    await slot.acquire();
    const res = await callWithRetry(
      providers[task.arm],
      body,
      opts.retry,
      signal,
      (e) => {
        if (e.status === 429) slot.onRateLimited();
      },
      withinLimits,
      payload,
    ).finally(() => slot.release());
    if ('error' in res && signal.aborted) return null; // in flight at the interruption: leave it for the resume
    outcome.called++;
    if ('error' in res) return res;
    slot.onSuccess();
    outcome.spentUsd += callCost(priceFor(opts.prices, target.target.model), res.completion.promptTokens, res.completion.completionTokens, res.completion.cachedPromptTokens ?? null) ?? 0;
    if (cacheKey) writer.cache(cacheKey, res.completion);
    return { ...res, cached: false };
  };

  /**
   * Replays one (case, arm, attempt): the model's tool calls are answered from the case's recorded tool results
   * and the conversation continues, until a final answer, an unreplayable call or an infra error. Returns the
   * row to store, or null when the work was interrupted (the resume redoes it).
   */
  const replayCase = async (task: Task): Promise<NewResult | null> => {
    const target = targets[task.arm];
    const conversation = new ConversationReplay(task.storedCase.evalCase, taskRequestBody(task, target.target, run.repeats));
    let retries = 0;
    for (;;) {
      const res = await callOnce(task, conversation.body);
      if (res === null) return null;
      retries += res.retries;
      if ('error' in res && res.error.configuration) {
        refused ??= { arm: task.arm, error: res.error };
        stop.abort();
        return null;
      }
      if ('error' in res) {
        consecutiveFailures[task.arm]++;
        return infraErrorResult(runId, task, `${res.error.kind}: ${res.error.message}`, retries);
      }
      consecutiveFailures[task.arm] = 0;
      const ended = conversation.answer(res.completion, res.cached);
      if (ended) return conversationResult(runId, task, ended, priceFor(opts.prices, target.target.model), retries);
    }
  };

  const worker = async () => {
    try {
      await work();
    } catch (err) {
      fail(err);
    }
  };
  const work = async () => {
    while (next < tasks.length && !signal.aborted && !overBudget() && !circuitOpen()) {
      const pending = tasks[next++]!;
      // The case's conversation is read now and dropped with the task: memory stays flat however large the suite.
      const task = { ...pending, storedCase: loaded(pending.storedCase) };
      const target = targets[task.arm];
      if (target.target.provider === 'recorded') {
        const key = { runId, caseId: task.storedCase.id, arm: task.arm, attempt: task.attempt };
        record(recordedResult(key, task.storedCase.evalCase.recorded, priceFor(opts.prices, target.target.model)));
        continue;
      }
      const row = await replayCase(task);
      if (row === null) return;
      record(row);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency, tasks.length)) }, worker));
  } finally {
    if (deadline) clearTimeout(deadline);
    opts.signal?.removeEventListener('abort', forwardAbort);
  }
  try {
    writer.close();
  } catch (err) {
    fail(err);
  }
  if (failure) {
    try {
      store.runs.setStatus(runId, 'interrupted');
    } catch {
      // The store itself failed; the error below says why.
    }
    throw (failure as { error: unknown }).error;
  }
  if (refused) {
    const { arm, error } = refused as { arm: Arm; error: ProviderError };
    store.runs.setStatus(runId, 'interrupted');
    throw new EndpointRefusedError(
      `the ${arm} target "${targets[arm].name}" was refused by its endpoint, so no call of this replay can succeed as configured: ${error.message}. ` +
        'Fix the target in canary-gate.yaml (its params, model, key or base_url) and replay again.',
      runId,
      error.status,
      { field: `targets.${targets[arm].name}` },
    );
  }
  outcome.lowestConcurrency = { baseline: slots.baseline.lowest, candidate: slots.candidate.lowest };
  outcome.interrupted = finished < total && (signal.aborted || overBudget() || circuitOpen());
  if (outcome.interrupted) outcome.stoppedBy = deadlinePassed ? 'deadline' : signal.aborted ? 'signal' : overBudget() ? 'budget' : 'circuit';
  store.runs.setStatus(runId, outcome.interrupted ? 'interrupted' : 'completed');
  return outcome;
}
