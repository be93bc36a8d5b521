import type { Arm } from '../../shared/domain/run.js';
import type { Price } from '../../shared/domain/target.js';
import { callWithRetry, type RetryPolicy } from '../providers/call-with-retry.js';
import type { ChatProvider } from '../providers/provider.js';
import { recordedResult } from '../providers/recorded.js';
import { resultKey, type Store, type StoredCase } from '../store/index.js';
import { buildChatRequest } from './build-request.js';
import { callCost } from './cost.js';

export interface ReplayOptions {
  concurrency: number;
  retry: RetryPolicy;
  prices: Record<string, Price>;
  signal?: AbortSignal;
  onProgress?: (p: { done: number; total: number; infraErrors: number }) => void;
}

export interface ReplayOutcome {
  runId: string;
  total: number;
  alreadyDone: number;
  called: number;
  infraErrors: number;
  interrupted: boolean;
}

interface Task {
  storedCase: StoredCase;
  arm: Arm;
  attempt: number;
}

/**
 * Replays every (case, arm, attempt) of a run that has no result yet, with bounded concurrency. Each result
 * is written the moment it arrives, so an interrupted run loses at most the calls in flight, and a re-run
 * calls only what is missing.
 */
export async function replayRun(store: Store, runId: string, providers: Record<Arm, ChatProvider>, opts: ReplayOptions): Promise<ReplayOutcome> {
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
  const total = cases.length * run.repeats * 2;
  const outcome: ReplayOutcome = { runId, total, alreadyDone: total - tasks.length, called: 0, infraErrors: store.results.counts(runId).infra, interrupted: false };
  store.runs.setStatus(runId, 'running');
  let next = 0;
  let finished = outcome.alreadyDone;
  opts.onProgress?.({ done: finished, total, infraErrors: outcome.infraErrors });

  const worker = async () => {
    while (next < tasks.length && !opts.signal?.aborted) {
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
        store.results.insertMany([{
          runId, caseId: task.storedCase.id, arm: task.arm, attempt: task.attempt, status: 'ok',
          outputText: c.text, finishReason: c.finishReason,
          toolCallsJson: c.toolCalls.length ? JSON.stringify(c.toolCalls) : null, error: null,
          latencyMs: c.latencyMs, promptTokens: c.promptTokens, completionTokens: c.completionTokens,
          costUsd: callCost(opts.prices[target.target.model], c.promptTokens, c.completionTokens), retries: res.retries,
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
  outcome.interrupted = Boolean(opts.signal?.aborted) && finished < total;
  store.runs.setStatus(runId, outcome.interrupted ? 'interrupted' : 'completed');
  return outcome;
}
