import { workspacePrices } from '../prices/price-table.js';
import { defaultRetryPolicy } from '../providers/call-with-retry.js';
import { chatProviderFor } from '../replay/provider-for-target.js';
import { acquireReplayLease } from '../replay/replay-lease.js';
import { startSimServer } from '../sim/index.js';
import type { Store } from '../store/index.js';
import { targetSecrets } from '../targets/resolve-target.js';
import type { Workspace } from '../workspace.js';
import { planJudges } from './judge-plan.js';
import { countRubricScore, rubricScore, writeRubricScores, type RubricScoreCounts } from './judge-scores.js';
import { runJudges, type JudgeOutcome, type JudgeProgress } from './run-judges.js';

export interface JudgeRunOptions {
  concurrency?: number;
  /** A running simulated endpoint (base URL ending in /v1); one is started when a judge is simulated and none is given. */
  simUrl?: string;
  simTimeScale?: number;
  signal?: AbortSignal;
  cache?: boolean;
  /** What the judges may spend, in USD. */
  maxCostUsd?: number;
  /** Ask again the judgements that ended in judge errors. */
  retryErrors?: boolean;
  env?: NodeJS.ProcessEnv;
  onProgress?: (p: JudgeProgress) => void;
}

/** A judge phase's outcome, with the rubric_judge scores it wrote. */
export interface JudgePhaseOutcome extends JudgeOutcome {
  rubricScores: { scores: number; failed: number; errors: number };
  /** Judge targets asked, by name. */
  judges: string[];
}

/**
 * The judge phase of a run: plans its judgements (rubric grades, both orders of each pairwise comparison), asks the
 * judges what is not stored yet, and writes the rubric_judge scores. Null when the run's suite has no judges. The
 * caller holds the run's replay lease (see judgeRunLeased for the command that runs only this phase).
 */
export async function judgeRun(store: Store, ws: Workspace, runId: string, opts: JudgeRunOptions = {}): Promise<JudgePhaseOutcome | null> {
  const env = opts.env ?? process.env;
  if (opts.retryErrors) store.judgements.deleteErrors(runId);
  const plan = planJudges(store, runId, ws.config, ws.configFile);
  const total = plan.rubric.length + plan.pairwise.length;
  if (total === 0) return null;
  const judges = Object.values(plan.judges);
  const secrets = new Map(judges.map((j) => [j.name, targetSecrets(j, env, ws.configFile)]));
  const needsSim = plan.pending.some((t) => t.judge.simulated);
  const sim = needsSim && !opts.simUrl ? await startSimServer({ port: 0, timeScale: opts.simTimeScale ?? 1 }) : null;
  const simUrl = opts.simUrl ?? sim?.url;
  const concurrency = opts.concurrency ?? ws.config.defaults.concurrency;
  try {
    // A run whose judges failed (a refusing judge endpoint, a store error) is not complete: gate refuses it.
    const failed = (err: unknown): never => {
      store.runs.setStatus(runId, 'interrupted');
      throw err;
    };
    // The scores of this phase's judgements, counted as they are made (all commit, or the phase throws).
    const mine: RubricScoreCounts = { scores: 0, failed: 0, errors: 0 };
    const outcome = await runJudges(store, runId, plan.pending, total, {
      concurrency,
      retry: { ...defaultRetryPolicy, maxRetries: ws.config.defaults.max_retries, timeoutMs: ws.config.defaults.timeout_ms },
      prices: workspacePrices(ws.config),
      providerFor: (j) => chatProviderFor(j, secrets.get(j.name)!, { concurrency, simUrl }),
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.cache !== undefined ? { cache: opts.cache } : {}),
      ...(opts.maxCostUsd !== undefined ? { maxCostUsd: opts.maxCostUsd } : {}),
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      scoreOf: (task, row) => {
        if (task.kind !== 'rubric') return null;
        const score = rubricScore(task, row);
        countRubricScore(mine, score);
        return score;
      },
    }).catch(failed);
    // The scores of this phase's judgements were written with them; those of earlier ones again (a re-scoring of the
    // run may have met them, and it costs a write per score, no call).
    const pending = new Set(plan.pending);
    const earlier = writeRubricScores(store, runId, plan.rubric.filter((t) => !pending.has(t)));
    const rubricScores = { scores: mine.scores + earlier.scores, failed: mine.failed + earlier.failed, errors: mine.errors + earlier.errors };
    // A run whose judges are not all asked is not complete: gate refuses it, and a replay of it resumes the judges.
    store.runs.setStatus(runId, outcome.interrupted ? 'interrupted' : 'completed');
    return { ...outcome, rubricScores, judges: judges.map((j) => j.name) };
  } finally {
    await sim?.close();
  }
}

/**
 * Runs only the judge phase of a stored run (`canary-gate judge --run <id>`), under the run's replay lease: a
 * replay of the run in another process is refused (RunLeasedError). The run's model calls must be complete.
 */
export async function judgeRunLeased(store: Store, ws: Workspace, runId: string, opts: JudgeRunOptions = {}): Promise<JudgePhaseOutcome | null> {
  const { lease } = acquireReplayLease(store, runId);
  const stop = new AbortController();
  const onStop = () => stop.abort();
  for (const s of [opts.signal, lease.signal]) {
    if (s?.aborted) stop.abort();
    s?.addEventListener('abort', onStop, { once: true });
  }
  try {
    return await judgeRun(store, ws, runId, { ...opts, signal: stop.signal });
  } finally {
    opts.signal?.removeEventListener('abort', onStop);
    lease.signal.removeEventListener('abort', onStop);
    lease.release();
  }
}
