import { relative, resolve } from 'node:path';
import type { Shard } from '../../shared/domain/run.js';
import { AA_LABEL, isAaRun } from '../../shared/domain/run.js';
import { runCalls, runCompleteness, type RunCompleteness } from '../gates/run-completeness.js';
import { workspacePrices } from '../prices/price-table.js';
import type { ReplayLeaseRow, Store } from '../store/index.js';
import { resolveSuite } from '../suites/load-suite.js';
import { resolveTarget, targetSecrets, type ResolvedTarget } from '../targets/resolve-target.js';
import type { Workspace } from '../workspace.js';
import type { BatchJobView } from './batch-replay.js';
import { estimateCost, type CostEstimate } from './estimate-cost.js';
import { executeReplay, type ExecuteReplayOptions } from './execute-replay.js';
import { assertDistinctTargets, prepareResume, prepareRun } from './prepare-run.js';
import { acquireReplayLease, waitForReplayLease, type ReplayLease, type TakenOver } from './replay-lease.js';
import { estimateRunCost } from './replay-run.js';
import { casesOfShard, shardLabel } from './shard.js';

/**
 * Which replay: a stored run to resume by id, or a suite and two targets (absent = the workspace defaults), which
 * resumes the unfinished run with exactly these choices or starts a new one.
 */
export type ReplaySelection =
  | { runId: string }
  | {
      suite?: string;
      baseline?: string;
      candidate?: string;
      repeats?: number;
      shard?: Shard | null;
      /** Start a new run even when an unfinished one with these choices exists. */
      forceNew?: boolean;
      allowIdenticalTargets?: boolean;
    };

type NewSelection = Exclude<ReplaySelection, { runId: string }>;

/** What a new replay would call and cost, before anything is stored or called. */
export interface ReplayPlanEstimate {
  suite: { name: string; file: string; cases: number };
  baseline: ResolvedTarget;
  candidate: ResolvedTarget;
  repeats: number;
  estimate: CostEstimate;
  /** Both arms are the same frozen target (an A/A run). */
  identicalTargets: boolean;
  warnings: string[];
}

function selectedTargets(ws: Workspace, sel: NewSelection): { suiteFile: string; baseline: ResolvedTarget; candidate: ResolvedTarget; repeats: number } {
  return {
    suiteFile: resolve(ws.root, sel.suite ?? ws.config.defaults.suite),
    baseline: resolveTarget(ws.config, sel.baseline ?? ws.config.defaults.baseline, ws.configFile),
    candidate: resolveTarget(ws.config, sel.candidate ?? ws.config.defaults.candidate, ws.configFile),
    repeats: sel.repeats ?? 1,
  };
}

/**
 * Estimates a new replay of the whole suite (or its shard) without creating a run: `replay --estimate` and the
 * UI's `replay.estimate`. An A/A pair is reported, not refused (the caller decides).
 */
export function estimateReplay(store: Store, ws: Workspace, sel: NewSelection): ReplayPlanEstimate {
  const { suiteFile, baseline, candidate, repeats } = selectedTargets(ws, sel);
  const suite = resolveSuite(suiteFile, store);
  const cases = casesOfShard(suite.cases.map((evalCase) => ({ key: evalCase.id, evalCase })), sel.shard ?? null).map((c) => c.evalCase);
  const pending = cases.flatMap((evalCase) => Array.from({ length: repeats }, () => [{ evalCase, arm: 'baseline' as const }, { evalCase, arm: 'candidate' as const }]).flat());
  return {
    suite: { name: suite.name, file: relative(ws.root, suiteFile), cases: cases.length },
    baseline,
    candidate,
    repeats,
    estimate: estimateCost(pending, { baseline: baseline.target, candidate: candidate.target }, workspacePrices(ws.config)),
    identicalTargets: isAaRun({ baseline, candidate }),
    warnings: suite.warnings,
  };
}

/** The A/A refusal of a new selection, before anything is read or stored (same rule as prepareRun). */
export function assertReplayTargets(ws: Workspace, sel: NewSelection): void {
  if (sel.allowIdenticalTargets) return;
  const { baseline, candidate } = selectedTargets(ws, sel);
  assertDistinctTargets(baseline, candidate, { file: ws.configFile });
}

export interface StartReplayOptions {
  env: NodeJS.ProcessEnv;
  /** Wait for another process's replay of the run to end instead of refusing (RunLeasedError). */
  wait?: boolean;
  /** Stops a wait (then startReplay resolves `{ stoppedWaiting }`). */
  signal?: AbortSignal;
  onWarning?: (warning: string) => void;
  /** While waiting: told of the holder at each poll. */
  onWaiting?: (holder: ReplayLeaseRow) => void;
  /** The suite's judges will run (default true): their key variables are checked before a new run is stored. */
  judge?: boolean;
}

export interface RunReplayOptions {
  concurrency?: number;
  simTimeScale?: number;
  simUrl?: string;
  signal?: AbortSignal;
  maxCostUsd?: number;
  deadlineMs?: number;
  cache?: boolean;
  batch?: boolean;
  /** A resumed run: delete its infra errors first so their calls are made again. */
  retryInfraErrors?: boolean;
  /** How the resume command names the workspace (`--workspace <dir>`), if it was named. */
  workspaceArg?: string;
  onRetrying?: (calls: number) => void;
  /** Told once, just before the first call: the estimate of what is left to call. */
  onStarting?: (estimate: CostEstimate) => void;
  onProgress?: (p: { done: number; total: number; infraErrors: number }) => void;
  onBatch?: (b: BatchJobView) => void;
  /** Run the suite's judges after the model calls (default true); see ExecuteReplayOptions.judge. */
  judge?: boolean;
  retryJudgeErrors?: boolean;
  onJudgeProgress?: ExecuteReplayOptions['onJudgeProgress'];
}

/** How a replay ended: the engine's outcome, and what completes the run when it stopped early. */
export interface ReplayFinish {
  outcome: Awaited<ReturnType<typeof executeReplay>>;
  completeness: RunCompleteness | null;
}

/** A run prepared and leased by this process, ready to replay. */
export interface StartedReplay {
  runId: string;
  resumed: boolean;
  shard: Shard | null;
  /** "10", or "shard 1/4: 3 of 10": the cases this replay covers, as printed. */
  caseCount: string;
  repeats: number;
  targets: { baseline: ResolvedTarget; candidate: ResolvedTarget };
  /** An A/A run (allowed on purpose, or a resumed one). */
  aa: boolean;
  lease: ReplayLease;
  tookOver: TakenOver | null;
  /** How long it waited for another process's replay (0 without wait). */
  waitedMs: number;
  /** What the calls still missing would cost now. */
  estimate(): CostEstimate;
  /** Replays the run to its end (or a stop) and scores it; the lease is released when it settles. */
  run(opts: RunReplayOptions): Promise<ReplayFinish>;
}

/**
 * Prepares a replay (resumes the run by id, or finds or creates the run of a suite and two targets), takes the
 * run's replay lease (waiting for another process with `wait`), and returns it ready to run. The CLI's `replay`
 * and the UI's `replay.start`/`replay.resume` both go through here. Resolves `{ stoppedWaiting }` when `signal`
 * stopped a wait (nothing was called).
 */
export async function startReplay(store: Store, ws: Workspace, sel: ReplaySelection, opts: StartReplayOptions): Promise<StartedReplay | { stoppedWaiting: true; runId: string }> {
  let runId: string;
  let resumed: boolean;
  let shard: Shard | null;
  let caseCount: string;
  let baseline: ResolvedTarget;
  let candidate: ResolvedTarget;
  if ('runId' in sel) {
    const resume = prepareResume(store, sel.runId, ws.config, ws.configFile);
    ({ baseline, candidate } = resume.targets);
    // Checked before the lease is taken, as for a new run: a missing key variable is bad input, said at once.
    for (const t of [baseline, candidate]) targetSecrets(t, opts.env, ws.configFile);
    runId = resume.run.id;
    resumed = true;
    shard = resume.run.shard;
    caseCount = `${shard ? `shard ${shardLabel(shard)}: ` : ''}${runCalls(store, resume.run).cases}`;
  } else {
    const chosen = selectedTargets(ws, sel);
    ({ baseline, candidate } = chosen);
    shard = sel.shard ?? null;
    // The key variables and `{ env }` headers are checked before a run row exists: a missing one is bad input, and no empty run is left behind.
    for (const t of [baseline, candidate]) targetSecrets(t, opts.env, ws.configFile);
    const prepared = prepareRun(store, {
      suiteFile: chosen.suiteFile, suiteSource: relative(ws.root, chosen.suiteFile), baseline, candidate, repeats: chosen.repeats, forceNew: Boolean(sel.forceNew), shard,
      allowIdenticalTargets: Boolean(sel.allowIdenticalTargets), configFile: ws.configFile, config: ws.config,
      // A judge's key variable too: a missing one would otherwise surface after every model call was made.
      ...(opts.judge === false ? {} : { checkJudgeTargets: (judges: readonly ResolvedTarget[]) => judges.forEach((t) => targetSecrets(t, opts.env, ws.configFile)) }),
    });
    runId = prepared.run.id;
    resumed = prepared.resumed;
    for (const w of prepared.suite.warnings) opts.onWarning?.(w);
    caseCount = shard ? `shard ${shardLabel(shard)}: ${casesOfShard(prepared.suite.cases.map((c) => ({ key: c.id })), shard).length} of ${prepared.suite.cases.length}` : `${prepared.suite.cases.length}`;
  }
  // One process per run: another replay of it is refused (RunLeasedError), or waited for.
  let leased: { lease: ReplayLease; tookOver: TakenOver | null; waitedMs: number };
  if (opts.wait) {
    const got = await waitForReplayLease(store, runId, { ...(opts.signal ? { signal: opts.signal } : {}), ...(opts.onWaiting ? { onWaiting: opts.onWaiting } : {}) });
    if (got === null) return { stoppedWaiting: true, runId };
    leased = got;
  } else {
    leased = { ...acquireReplayLease(store, runId), waitedMs: 0 };
  }
  const { lease } = leased;
  const targets = { baseline, candidate };
  const prices = workspacePrices(ws.config);
  return {
    runId, resumed, shard, caseCount, targets, lease, tookOver: leased.tookOver, waitedMs: leased.waitedMs,
    repeats: store.runs.get(runId)!.repeats,
    aa: isAaRun(targets),
    estimate: () => estimateRunCost(store, runId, prices),
    async run(r: RunReplayOptions): Promise<ReplayFinish> {
      try {
        if (r.retryInfraErrors && resumed) {
          const n = store.results.deleteInfraErrors(runId);
          if (n > 0) r.onRetrying?.(n);
        }
        r.onStarting?.(estimateRunCost(store, runId, prices));
        const outcome = await executeReplay(store, ws, runId, targets, {
          ...(r.concurrency ? { concurrency: r.concurrency } : {}),
          ...(r.simTimeScale !== undefined && Number.isFinite(r.simTimeScale) ? { simTimeScale: r.simTimeScale } : {}),
          ...(r.simUrl !== undefined ? { simUrl: r.simUrl } : {}),
          ...(r.signal ? { signal: r.signal } : {}),
          ...(r.maxCostUsd !== undefined ? { maxCostUsd: r.maxCostUsd } : {}),
          ...(r.deadlineMs !== undefined ? { deadlineMs: r.deadlineMs } : {}),
          cache: r.cache ?? true,
          batch: Boolean(r.batch),
          lease,
          discardRunIfRefused: !resumed,
          env: opts.env,
          ...(r.onProgress ? { onProgress: r.onProgress } : {}),
          ...(r.onBatch ? { onBatch: r.onBatch } : {}),
          ...(r.judge === false ? { judge: false } : {}),
          ...(r.retryJudgeErrors ? { retryJudgeErrors: true } : {}),
          ...(r.onJudgeProgress ? { onJudgeProgress: r.onJudgeProgress } : {}),
        });
        // The exact command that completes this run (with --batch if its calls went to batches).
        const completeness = outcome.interrupted ? runCompleteness(store, runId, r.workspaceArg !== undefined ? { workspaceArg: r.workspaceArg } : {}) : null;
        return { outcome, completeness };
      } finally {
        lease.release();
      }
    },
  };
}

/** The line printed before an A/A run starts. */
export function aaNotice(started: Pick<StartedReplay, 'targets'>): string {
  return `${AA_LABEL} run: baseline and candidate are the same target (${started.targets.baseline.fingerprint}); its gates measure noise, not a change.`;
}
