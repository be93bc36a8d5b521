import type { Arm } from '../../shared/domain/run.js';
import type { EventBus } from '../api/events.js';
import { EndpointRefusedError } from '../errors.js';
import { defaultRetryPolicy } from '../providers/call-with-retry.js';
import { AnthropicBatchClient } from '../providers/anthropic-batch.js';
import type { BatchClient } from '../providers/batch-client.js';
import { OpenAiBatchClient } from '../providers/openai-batch.js';
import type { ChatProvider } from '../providers/provider.js';
import { judgeRun, type JudgePhaseOutcome } from '../judges/judge-run.js';
import { runHasJudges } from '../judges/judge-plan.js';
import type { JudgeProgress } from '../judges/run-judges.js';
import { workspacePrices } from '../prices/price-table.js';
import { scoreRun } from '../scoring/score-run.js';
import { MAX_BODY_BYTES, startSimServer } from '../sim/index.js';
import type { Store } from '../store/index.js';
import { limitPageCache } from '../store/open-database.js';
import { targetSecrets, type ResolvedTarget } from '../targets/resolve-target.js';
import type { Workspace } from '../workspace.js';
import { batchReplayRun, type BatchJobView, type BatchReplayOutcome } from './batch-replay.js';
import { chatProviderFor } from './provider-for-target.js';
import { replayRun, type ReplayOutcome } from './replay-run.js';
import { acquireReplayLease, type ReplayLease } from './replay-lease.js';

export interface ExecuteReplayOptions {
  concurrency?: number;
  /** Scales the simulated endpoint's latency (1 = as configured, 0 = none). Only for simulated targets. */
  simTimeScale?: number;
  /** Use this already running simulated endpoint (base URL ending in /v1) instead of starting one. */
  simUrl?: string;
  signal?: AbortSignal;
  /** Use the response cache (default true). */
  cache?: boolean;
  /** Budget in USD (see ReplayOptions.maxCostUsd). */
  maxCostUsd?: number;
  /** Overall deadline in ms (see ReplayOptions.deadlineMs). */
  deadlineMs?: number;
  /** Replay through the providers' batch APIs (OpenAI Batch, Anthropic Message Batches) instead of call by call. */
  batch?: boolean;
  /** Batch mode: the first wait between polls in ms (default 1000; it grows ×1.5 up to 30 s). */
  batchPollMs?: number;
  /** Batch mode: told of each batch as it is submitted or picked up again, and once its results are stored. */
  onBatch?: (b: BatchJobView) => void;
  /**
   * The run's replay lease, taken by the caller (e.g. after waiting for it). Without one, executeReplay takes it
   * itself and throws RunLeasedError when another process replays the run.
   */
  lease?: ReplayLease;
  /**
   * The caller created this run for this replay: when an endpoint refuses the target as configured
   * (EndpointRefusedError), the run is deleted again — the configuration was wrong, not the run, and fixing it makes
   * another target and run anyway; the answers already paid for stay in the response cache. A resumed run is kept.
   */
  discardRunIfRefused?: boolean;
  env?: NodeJS.ProcessEnv;
  events?: EventBus;
  onProgress?: (p: { done: number; total: number; infraErrors: number }) => void;
  /**
   * Run the suite's judges (rubric_judge expectations, the pairwise block) once the model calls are complete and
   * scored (default true). Judge calls share the concurrency, retries, response cache and budget of the replay.
   */
  judge?: boolean;
  /** Ask again the judgements that ended in judge errors. */
  retryJudgeErrors?: boolean;
  onJudgeProgress?: (p: JudgeProgress) => void;
}

/**
 * The page cache of the store's connection during a replay and its scoring, in KiB (better-sqlite3's default is
 * 16 MB). A replay reads each case once and appends results; the default cache filled up and stayed in the
 * replay's resident memory (bench/replay, 20,000 cases: peak RSS 171, 171, 190, 170, 192 MB with 4 MB against
 * 193, 183, 183, 199, 183 MB with the default, same speed within the noise).
 */
const REPLAY_PAGE_CACHE_KIB = 4000;

/** What scoring the run found after the replay, and what its judges did (null: none ran). */
type Scored = { scored: { results: number; scores: number; failed: number }; judged: JudgePhaseOutcome | null };

/**
 * Replays a prepared run end to end: starts the embedded simulated endpoint when a target uses it, talks real
 * HTTP to every provider (call by call, or in provider batches with `batch`), persists each result, then scores
 * the run.
 */
export async function executeReplay(store: Store, workspace: Workspace, runId: string, targets: Record<Arm, ResolvedTarget>, opts: ExecuteReplayOptions & { batch: true }): Promise<BatchReplayOutcome & Scored>;
export async function executeReplay(store: Store, workspace: Workspace, runId: string, targets: Record<Arm, ResolvedTarget>, opts?: ExecuteReplayOptions & { batch?: false }): Promise<ReplayOutcome & Scored>;
export async function executeReplay(store: Store, workspace: Workspace, runId: string, targets: Record<Arm, ResolvedTarget>, opts?: ExecuteReplayOptions): Promise<(ReplayOutcome | BatchReplayOutcome) & Scored>;
export async function executeReplay(
  store: Store,
  workspace: Workspace,
  runId: string,
  targets: Record<Arm, ResolvedTarget>,
  opts: ExecuteReplayOptions = {},
): Promise<(ReplayOutcome | BatchReplayOutcome) & Scored> {
  if (opts.lease && opts.lease.runId !== runId) throw new Error(`internal error: the lease of run ${opts.lease.runId} was given for run ${runId}`);
  // Taken before anything is started or called, and held until the run is scored.
  const ownLease = opts.lease ? null : acquireReplayLease(store, runId).lease;
  try {
    return await executeLeased(store, workspace, runId, targets, opts, (opts.lease ?? ownLease)!);
  } catch (err) {
    if (err instanceof EndpointRefusedError && opts.discardRunIfRefused) store.runs.discard(runId);
    throw err;
  } finally {
    ownLease?.release();
  }
}

async function executeLeased(
  store: Store,
  workspace: Workspace,
  runId: string,
  targets: Record<Arm, ResolvedTarget>,
  opts: ExecuteReplayOptions,
  lease: ReplayLease,
): Promise<(ReplayOutcome | BatchReplayOutcome) & Scored> {
  const env = opts.env ?? process.env;
  // The caller's stop, or the lease taken over by another process: either way this one stops calling. (Not
  // AbortSignal.any: its listeners on a long-lived caller's signal stay until garbage collection.)
  const stop = new AbortController();
  const signal = stop.signal;
  const onStop = () => stop.abort();
  // The API keys and `{ env }` headers, read now and held only in memory.
  const secrets = { baseline: targetSecrets(targets.baseline, env, workspace.configFile), candidate: targetSecrets(targets.candidate, env, workspace.configFile) };
  const needsSim = targets.baseline.simulated || targets.candidate.simulated;
  const sim = needsSim && !opts.simUrl ? await startSimServer({ port: 0, timeScale: opts.simTimeScale ?? 1 }) : null;
  const simUrl = opts.simUrl ?? sim?.url;
  const concurrency = opts.concurrency ?? workspace.config.defaults.concurrency;
  const providerFor = (arm: Arm): ChatProvider => chatProviderFor(targets[arm], secrets[arm], { concurrency, simUrl });
  const batchClientFor = (arm: Arm): BatchClient | null => {
    const t = targets[arm];
    const { apiKey: key, headers } = secrets[arm];
    if (t.target.provider === 'recorded') return null;
    // The sim reads uploads of up to MAX_BODY_BYTES; leave room for the multipart framing.
    const options = { headers, ...(key ? { apiKey: key } : {}), ...(t.simulated ? { maxBytes: MAX_BODY_BYTES - 64 * 1024 } : {}) };
    const baseUrl = t.simulated ? simUrl! : t.target.base_url!;
    return t.target.provider === 'anthropic-messages' ? new AnthropicBatchClient(baseUrl, options) : new OpenAiBatchClient(baseUrl, options);
  };
  const common = {
    retry: { ...defaultRetryPolicy, maxRetries: workspace.config.defaults.max_retries, timeoutMs: workspace.config.defaults.timeout_ms },
    prices: workspacePrices(workspace.config),
    signal,
    ...(opts.maxCostUsd !== undefined ? { maxCostUsd: opts.maxCostUsd } : {}),
    ...(opts.cache !== undefined ? { cache: opts.cache } : {}),
    onProgress: (p: { done: number; total: number; infraErrors: number }) => {
      opts.onProgress?.(p);
      opts.events?.emit('replay.progress', { runId, done: p.done, total: p.total, infraErrors: p.infraErrors });
    },
  };
  for (const s of [opts.signal, lease.signal]) {
    if (s?.aborted) stop.abort();
    s?.addEventListener('abort', onStop, { once: true });
  }
  const closers: { close(): void }[] = [];
  const restorePageCache = limitPageCache(store.db, REPLAY_PAGE_CACHE_KIB);
  try {
    let outcome: ReplayOutcome | BatchReplayOutcome;
    if (opts.batch) {
      const clients = { baseline: batchClientFor('baseline'), candidate: batchClientFor('candidate') };
      closers.push(...[clients.baseline, clients.candidate].filter((c) => c !== null));
      outcome = await batchReplayRun(store, runId, clients, {
        ...common,
        poll: { initialMs: opts.batchPollMs ?? 1000, maxMs: 30_000 },
        ...(opts.onBatch ? { onBatch: opts.onBatch } : {}),
        ...(opts.deadlineMs !== undefined ? { deadlineMs: opts.deadlineMs } : {}),
      });
    } else {
      const providers = { baseline: providerFor('baseline'), candidate: providerFor('candidate') };
      closers.push(providers.baseline, providers.candidate);
      outcome = await replayRun(store, runId, providers, { ...common, concurrency, ...(opts.deadlineMs !== undefined ? { deadlineMs: opts.deadlineMs } : {}) });
    }
    // The catalogue scoring runs in one synchronous transaction, during which the heartbeat timer cannot fire: beat
    // first, so a long one does not let the lease look stale sooner (custom scorers' batches then yield to it).
    lease.beat();
    const scored = await scoreRun(store, runId, { workspaceRoot: workspace.root });
    // The judges read complete, scored answers: an interrupted replay leaves them for its resume. A run without
    // judges costs two indexed queries here, nothing in the calls above.
    let judged: JudgePhaseOutcome | null = null;
    if (opts.judge !== false && !outcome.interrupted && runHasJudges(store, runId)) {
      lease.beat();
      judged = await judgeRun(store, workspace, runId, {
        concurrency,
        ...(simUrl !== undefined ? { simUrl } : {}),
        simTimeScale: opts.simTimeScale ?? 1,
        signal,
        ...(opts.cache !== undefined ? { cache: opts.cache } : {}),
        // One budget for the run: the judges may spend what the model calls left of it.
        ...(opts.maxCostUsd !== undefined ? { maxCostUsd: Math.max(0, opts.maxCostUsd - outcome.spentUsd) } : {}),
        ...(opts.retryJudgeErrors ? { retryErrors: true } : {}),
        env,
        ...(opts.onJudgeProgress ? { onProgress: opts.onJudgeProgress } : {}),
      });
      if (judged?.interrupted) {
        outcome.interrupted = true;
        outcome.stoppedBy = judged.stoppedBy;
      }
    }
    return { ...outcome, scored, judged };
  } finally {
    opts.signal?.removeEventListener('abort', onStop);
    lease.signal.removeEventListener('abort', onStop);
    restorePageCache();
    for (const c of closers) c.close();
    await sim?.close();
  }
}
