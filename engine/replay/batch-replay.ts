import { setTimeout as sleep } from 'node:timers/promises';
import type { Arm } from '../../shared/domain/run.js';
import type { Price } from '../../shared/domain/target.js';
import { EndpointRefusedError, InfraError } from '../errors.js';
import { splitIntoBatches, type BatchAnswer, type BatchClient, type BatchRequest, type BatchState } from '../providers/batch-client.js';
import { withRetry, type RetryPolicy } from '../providers/call-with-retry.js';
import { recordedResult } from '../providers/recorded.js';
import { priceFor } from '../prices/price-table.js';
import type { ProviderCompletion } from '../providers/provider.js';
import { loaded, resultKey, type BatchJob, type NewResult, type Store, type StoredCase, type StoredTarget } from '../store/index.js';
import { responseCacheKey } from './response-cache-key.js';
import { beginReplay, infraErrorResult, taskRequestBody, type ReplayCounts, type Task } from './run-tasks.js';
import { ConversationReplay, conversationResult } from './tool-replay.js';

export interface BatchReplayOptions {
  retry: RetryPolicy;
  prices: Record<string, Price>;
  /** Stops polling (the batches keep running at the provider; the same replay picks them up again). */
  signal?: AbortSignal;
  /** Overall deadline in ms from the start: then polling stops as on the signal, and the run is resumable. */
  deadlineMs?: number;
  /** Answer from (and fill) the content-addressed response cache; default true. */
  cache?: boolean;
  /** A budget in USD: refuse to submit when the estimate exceeds it (a submitted batch cannot be stopped halfway). */
  maxCostUsd?: number;
  /** The first wait between polls, growing ×1.5 per poll up to maxMs. Default 1 s to 30 s. */
  poll?: { initialMs: number; maxMs: number };
  onProgress?: (p: { done: number; total: number; infraErrors: number }) => void;
  /** Told of each batch as it is submitted or picked up again, and again once its results are stored. */
  onBatch?: (b: BatchJobView) => void;
}

/** A provider batch as a replay reports it. */
export interface BatchJobView {
  arm: Arm;
  part: number;
  provider: string;
  batchId: string;
  /** 'submitted' while the provider works on it, 'collected' once its results are stored, 'lost' if the provider no longer knows it. */
  status: BatchJob['status'];
  providerStatus: string;
  requests: number;
  /** Submitted by an earlier, interrupted replay and polled again by this one. */
  resumed: boolean;
}

/** What a batch replay did: the interactive outcome's counts (without concurrency), plus the batches it used. */
export type BatchReplayOutcome = ReplayCounts & { batches: BatchJobView[] };

const ARMS = ['baseline', 'candidate'] as const;
const CUSTOM_ID = /^case-(\d+)-(baseline|candidate)-(\d+)(?:-r(\d+))?$/;
// Uploading or downloading a whole batch can take far longer than one completion.
const TRANSFER_TIMEOUT_MS = 10 * 60_000;

/** The id of a task's call inside a provider batch: its stored case id, arm and attempt, and the round after the first. */
export function batchCustomId(task: Pick<Task, 'arm' | 'attempt'> & { storedCase: Pick<StoredCase, 'id'> }, round = 0): string {
  return `case-${task.storedCase.id}-${task.arm}-${task.attempt}${round > 0 ? `-r${round}` : ''}`;
}

/** One (case, arm, attempt) of a batch replay: where its conversation stands, and what an answer does to it. */
interface TaskStep {
  /**
   * Follows the conversation through the answers already known (this replay's batches, and the response cache):
   * its row when it ended, or the request its next round sends. `cachedOnly` says no round needed this replay.
   */
  walk(): { row: NewResult } | { request: BatchRequest; round: number };
  /**
   * Takes the provider's answer to a round: the task's row when the conversation ended (or the line failed: an
   * infra error), its next round's request when the model's tool calls were answered, or null when the answer
   * is for a round this replay no longer waits for.
   */
  answered(answer: BatchAnswer, round: number): { row: NewResult } | { request: BatchRequest } | null;
}

/**
 * A task's conversation under batch replay: each round's body is built exactly as interactive replay builds it
 * (the same first body, the same tool answers), so the response cache and the stored rows are the same as call
 * by call; a conversation with tool calls takes one batch round per model call.
 */
function taskStep(store: Store, runId: string, task: Task, target: StoredTarget, repeats: number, price: Price | undefined, cache: boolean, answeredNow: Map<string, ProviderCompletion>): TaskStep {
  const first = taskRequestBody(task, target.target, repeats);
  const keyOf = (body: Record<string, unknown>) => responseCacheKey(target.fingerprint, body, task.attempt);
  const walk: TaskStep['walk'] = () => {
    const conversation = new ConversationReplay(task.storedCase.evalCase, first);
    for (;;) {
      const key = keyOf(conversation.body);
      const now = answeredNow.get(key.toString('hex'));
      const known = now ?? (cache ? store.responseCache.get(key) : undefined);
      if (!known) return { request: { customId: batchCustomId(task, conversation.round), body: conversation.body }, round: conversation.round };
      const ended = conversation.answer(known, now === undefined);
      if (ended) return { row: conversationResult(runId, task, ended, price, 0) };
    }
  };
  return {
    walk,
    answered: (answer, round) => {
      if ('error' in answer) return { row: infraErrorResult(runId, task, answer.error, 0) };
      const at = walk();
      if ('row' in at || at.round !== round) return null;
      const key = keyOf(at.request.body);
      answeredNow.set(key.toString('hex'), answer.completion);
      if (cache) store.responseCache.put(key, answer.completion);
      const next = walk();
      return 'row' in next ? next : { request: next.request };
    },
  };
}

const view = (job: BatchJob, resumed: boolean): BatchJobView => ({
  arm: job.arm, part: job.part, provider: job.provider, batchId: job.batchId, status: job.status,
  providerStatus: job.providerStatus, requests: job.customIds.length, resumed,
});

/**
 * Replays every (case, arm, attempt) of a run that has no result yet through the providers' batch APIs: cached
 * and recorded answers are stored at once, the rest go up as batches per arm (split at the provider's limits),
 * which are polled with backoff until they end; then each answer is stored as one row, exactly as interactive
 * replay stores it. Submitted batches are recorded before polling starts, so a replay interrupted while they run
 * polls them again instead of paying for the same calls twice.
 */
export async function batchReplayRun(store: Store, runId: string, clients: Record<Arm, BatchClient | null>, opts: BatchReplayOptions): Promise<BatchReplayOutcome> {
  const { run, targets, cases, tasks, total, counts } = beginReplay(store, runId, opts.prices, opts.maxCostUsd);
  const outcome: BatchReplayOutcome = { ...counts, batches: [] };
  const poll = opts.poll ?? { initialMs: 1000, maxMs: 30_000 };
  const casesById = new Map(cases.map((c) => [c.id, c]));
  const priceOf = (arm: Arm) => priceFor(opts.prices, targets[arm].target.model);
  // The answers this replay's batches brought, by response-cache key: later rounds build on them even without the cache.
  const answeredNow = new Map<string, ProviderCompletion>();
  const stepOf = (task: Task) => taskStep(store, runId, { ...task, storedCase: loaded(task.storedCase) }, targets[task.arm], run.repeats, priceOf(task.arm), opts.cache !== false, answeredNow);
  const taskOf = (customId: string): { task: Task; round: number } | null => {
    const m = CUSTOM_ID.exec(customId);
    const storedCase = m ? casesById.get(Number(m[1])) : undefined;
    return m && storedCase ? { task: { storedCase, arm: m[2] as Arm, attempt: Number(m[3]) }, round: Number(m[4] ?? 0) } : null;
  };

  // Progress counts stored rows plus the calls the provider reports finished in batches still running.
  const stored = store.results.doneKeys(runId);
  let finished = outcome.alreadyDone;
  const providerDone = new Map<string, number>();
  const report = () => {
    const running = [...providerDone.values()].reduce((a, b) => a + b, 0);
    opts.onProgress?.({ done: Math.min(total, finished + running), total, infraErrors: outcome.infraErrors });
  };
  /** Stores the rows of calls that have none yet; returns those it stored. */
  const record = (rows: readonly NewResult[]): NewResult[] => {
    const fresh = rows.filter((r) => !stored.has(resultKey(r.caseId, r.arm, r.attempt)));
    store.results.insertMany(fresh);
    for (const r of fresh) {
      stored.add(resultKey(r.caseId, r.arm, r.attempt));
      if (r.status === 'infra_error') outcome.infraErrors++;
    }
    finished += fresh.length;
    report();
    return fresh;
  };

  // One arm failing stops the other's polling too; its batches stay recorded for the resume.
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  if (opts.signal?.aborted) stop.abort();
  let deadlinePassed = false;
  const deadline = opts.deadlineMs === undefined ? null : setTimeout(() => {
    deadlinePassed = true;
    stop.abort();
  }, opts.deadlineMs);
  const touched: { job: BatchJob; resumed: boolean }[] = [];

  /** Stores a finished batch's rows; returns the next-round requests of conversations that go on. */
  const collect = async (client: BatchClient, job: BatchJob, state: BatchState): Promise<BatchRequest[]> => {
    const got = await withRetry(() => client.answers(job.batchId, { timeoutMs: TRANSFER_TIMEOUT_MS }), opts.retry, stop.signal);
    if ('error' in got) {
      if (stop.signal.aborted) return [];
      throw new InfraError(`downloading the results of ${client.provider} batch ${job.batchId} (${job.arm}) failed: ${got.error.message}`);
    }
    const answers = new Map(got.value.map((a) => [a.customId, a]));
    const missing = state.problem ?? `batch ${job.batchId} ended (${state.status}) without a result for this call`;
    const rows: NewResult[] = [];
    const next: BatchRequest[] = [];
    for (const customId of job.customIds) {
      const call = taskOf(customId);
      if (!call) continue;
      const after = stepOf(call.task).answered(answers.get(customId) ?? { customId, error: `batch: ${missing}` }, call.round);
      if (after && 'row' in after) rows.push(after.row);
      else if (after) next.push(after.request);
    }
    store.db.transaction(() => {
      const fresh = record(rows);
      outcome.called += job.customIds.filter((id) => answers.has(id)).length;
      outcome.spentUsd += fresh.reduce((sum, r) => sum + (r.status === 'ok' && !r.cached ? (r.costUsd ?? 0) : 0), 0);
      store.batchJobs.update(job, 'collected', state.status);
    })();
    job.status = 'collected';
    job.providerStatus = state.status;
    return next;
  };

  const replayArm = async (arm: Arm): Promise<void> => {
    const client = clients[arm];
    const target = targets[arm].target;
    const active: BatchJob[] = [];
    for (const job of store.batchJobs.byRun(runId).filter((j) => j.arm === arm && j.status === 'submitted')) {
      touched.push({ job, resumed: true });
      // A batch the provider no longer knows cannot be collected: its calls are submitted again below.
      const known = client ? await withRetry(() => client.state(job.batchId, { timeoutMs: opts.retry.timeoutMs }), opts.retry, stop.signal) : null;
      if (known && 'error' in known && known.error.status === 404) {
        store.batchJobs.update(job, 'lost', 'not_found');
        Object.assign(job, { status: 'lost', providerStatus: 'not_found' });
      } else active.push(job);
      opts.onBatch?.(view(job, true));
    }
    const inBatches = new Set(active.flatMap((j) => j.customIds));
    const rows: NewResult[] = [];
    let requests: BatchRequest[] = [];
    for (const task of tasks) {
      if (task.arm !== arm) continue;
      if (target.provider === 'recorded') {
        rows.push(recordedResult({ runId, caseId: task.storedCase.id, arm, attempt: task.attempt }, task.storedCase.evalCase.recorded, priceOf(arm)));
        continue;
      }
      const at = stepOf(task).walk();
      if ('row' in at) {
        if (at.row.cached) outcome.cacheHits += (at.row.toolRounds ?? 0) + 1;
        rows.push(at.row);
      } else if (!inBatches.has(at.request.customId)) requests.push(at.request);
    }
    record(rows);
    if (requests.length > 0 && !client) throw new Error(`no batch client for the ${arm} arm (${target.provider})`);
    // Round after round: conversations whose tool calls were answered send their next call in the next batch.
    while (client && !stop.signal.aborted && (requests.length > 0 || active.length > 0)) {
      for (const chunk of splitIntoBatches(client, requests)) {
        if (stop.signal.aborted) break;
        // The upload itself is not aborted: a batch the provider accepted must be recorded, or a resume would pay twice.
        const sent = await withRetry(() => client.submit(chunk, { timeoutMs: TRANSFER_TIMEOUT_MS }), opts.retry, stop.signal);
        if ('error' in sent) {
          if (stop.signal.aborted) break;
          if (sent.error.configuration) {
            throw new EndpointRefusedError(
              `${client.provider} refused the batch of ${chunk.length} call(s) for the ${arm} arm as configured: ${sent.error.message}. Fix the target in canary-gate.yaml (its params, model, key or base_url) and replay again.`,
              runId,
              sent.error.status,
            );
          }
          throw new InfraError(`submitting a batch of ${chunk.length} call(s) for the ${arm} arm to ${client.provider} failed: ${sent.error.message}`);
        }
        const job = store.batchJobs.add({ runId, arm, provider: client.provider, batchId: sent.value.id, providerStatus: sent.value.state.status, customIds: chunk.map((r) => r.customId) });
        active.push(job);
        touched.push({ job, resumed: false });
        opts.onBatch?.(view(job, false));
      }
      requests = [];
      let wait = poll.initialMs;
      while (active.length > 0 && !stop.signal.aborted) {
        for (const job of [...active]) {
          const polled = await withRetry(() => client.state(job.batchId, { timeoutMs: opts.retry.timeoutMs }), opts.retry, stop.signal);
          if ('error' in polled) {
            if (stop.signal.aborted) return;
            throw new InfraError(`polling ${client.provider} batch ${job.batchId} (${arm}) failed: ${polled.error.message}`);
          }
          const state = polled.value;
          if (state.status !== job.providerStatus) {
            store.batchJobs.update(job, 'submitted', state.status);
            job.providerStatus = state.status;
          }
          providerDone.set(job.batchId, state.done);
          report();
          if (!state.ended) continue;
          requests.push(...(await collect(client, job, state)));
          if (job.status !== 'collected') return; // interrupted while downloading
          providerDone.delete(job.batchId);
          active.splice(active.indexOf(job), 1);
          opts.onBatch?.(view(job, touched.some((t) => t.job === job && t.resumed)));
        }
        if (active.length === 0) break;
        await sleep(wait, undefined, { signal: stop.signal }).catch(() => undefined);
        wait = Math.min(poll.maxMs, wait * 1.5);
      }
    }
  };

  store.runs.setStatus(runId, 'running');
  report();
  const settled = await Promise.allSettled(ARMS.map(async (arm) => {
    try {
      await replayArm(arm);
    } catch (err) {
      stop.abort();
      throw err;
    }
  }));
  opts.signal?.removeEventListener('abort', onAbort);
  if (deadline) clearTimeout(deadline);
  outcome.batches = touched.map((t) => view(t.job, t.resumed));
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failure) {
    store.runs.setStatus(runId, 'interrupted');
    throw failure.reason;
  }
  outcome.interrupted = finished < total;
  if (outcome.interrupted && deadlinePassed) outcome.stoppedBy = 'deadline';
  else if (outcome.interrupted && opts.signal?.aborted) outcome.stoppedBy = 'signal';
  store.runs.setStatus(runId, outcome.interrupted ? 'interrupted' : 'completed');
  return outcome;
}
