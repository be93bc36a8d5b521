import type { Arm, Shard } from '../../shared/domain/run.js';
import type { WorkspaceConfig } from '../../shared/domain/target.js';
import { suiteJudges } from '../judges/judge-targets.js';
import { InputError, NotFoundError } from '../errors.js';
import type { RunRow, Store, StoredTarget } from '../store/index.js';
import { readSuiteFile, resolveSuite, type ResolvedSuite } from '../suites/load-suite.js';
import { resolveTarget, type ResolvedTarget } from '../targets/resolve-target.js';
import { newRunId } from './run-id.js';

/** A run ready to replay, and whether it continues an interrupted one. */
export interface PreparedRun {
  run: RunRow;
  resumed: boolean;
  suite: ResolvedSuite;
}

/**
 * Refuses an A/A replay — baseline and candidate with the same fingerprint — unless asked for: it compares a
 * target with itself, so whatever its gates say is about noise, not about a change.
 */
export function assertDistinctTargets(baseline: ResolvedTarget, candidate: ResolvedTarget, where: { file?: string } = {}): void {
  if (baseline.fingerprint !== candidate.fingerprint) return;
  throw new InputError(
    `the baseline target "${baseline.name}" and the candidate target "${candidate.name}" have the same fingerprint (${baseline.fingerprint}): they are the same frozen change (provider, model, prompts, tool policy, params), so this would be an A/A run. ` +
      'It compares a target with itself: every difference between the arms is noise (identical requests are even answered from the response cache), ' +
      'and a PASS would say nothing about a change. If you meant to test a change, check that it is really in the candidate target in canary-gate.yaml; ' +
      'to run an A/A comparison on purpose (e.g. to see how noisy the gates are), pass --allow-identical-targets',
    { ...where, field: 'targets' },
  );
}

/**
 * Stores the suite version and both targets, then finds the unfinished run with exactly this suite digest,
 * these target fingerprints, repeats and shard (to resume it) or creates a new one. An A/A run (both targets
 * with one fingerprint) is refused unless allowIdenticalTargets.
 */
export function prepareRun(
  store: Store,
  opts: {
    suiteFile: string;
    suiteSource: string;
    baseline: ResolvedTarget;
    candidate: ResolvedTarget;
    repeats: number;
    forceNew?: boolean;
    shard?: Shard | null;
    allowIdenticalTargets?: boolean;
    /** Named in the A/A refusal. */
    configFile?: string;
    /**
     * The workspace config: the suite's judges are resolved against its targets (a judge without a target is
     * refused here, before anything is called) and their fingerprints go into the suite digest.
     */
    config?: WorkspaceConfig;
    /** Called with the suite's judge targets before anything is stored (e.g. to check their key variables). */
    checkJudgeTargets?: (targets: readonly ResolvedTarget[]) => void;
  },
): PreparedRun {
  if (!opts.allowIdenticalTargets) assertDistinctTargets(opts.baseline, opts.candidate, opts.configFile === undefined ? {} : { file: opts.configFile });
  const shard = opts.shard ?? null;
  const suiteFile = readSuiteFile(opts.suiteFile);
  const judges = opts.config ? suiteJudges(suiteFile, opts.suiteFile, opts.config, opts.configFile ?? 'canary-gate.yaml') : null;
  if (judges) opts.checkJudgeTargets?.(Object.values(judges.targets));
  const suite = resolveSuite(opts.suiteFile, store, judges ? { judgeFingerprints: judges.fingerprints } : {});
  const suiteId = store.suites.upsert(suite.name, suite.digest, opts.suiteSource, suite.cases);
  // The pairwise block is part of the digest, so it belongs to this suite version (the judge phase reads it there).
  store.judgements.setSuitePairwise(suiteId, suiteFile.pairwise_judge ?? null);
  const baselineId = store.targets.upsert(opts.baseline.name, opts.baseline.fingerprint, opts.baseline.target, opts.baseline.simulated);
  const candidateId = store.targets.upsert(opts.candidate.name, opts.candidate.fingerprint, opts.candidate.target, opts.candidate.simulated);
  // Found or created under one write lock: two replays started together resume the same run (and then meet at
  // its lease) instead of creating one run each and calling everything twice.
  return store.db.transaction((): PreparedRun => {
    const existing = opts.forceNew ? undefined : store.runs.findResumable(suiteId, baselineId, candidateId, opts.repeats, shard);
    if (existing) return { run: existing, resumed: true, suite };
    return { run: store.runs.create(newRunId(), suiteId, baselineId, candidateId, opts.repeats, shard), resumed: false, suite };
  }).immediate();
}

/**
 * The frozen target to call for a stored one: the workspace's target with the same fingerprint if there is one
 * (preferring the same name), for its current rate limits and streaming — which are not part of the fingerprint —
 * else the target exactly as it was stored with the run.
 */
function storedTargetToCall(stored: StoredTarget, config: WorkspaceConfig, configFile: string): ResolvedTarget {
  const names = [stored.name, ...Object.keys(config.targets).filter((n) => n !== stored.name)].filter((n) => n in config.targets);
  for (const name of names) {
    const resolved = resolveTarget(config, name, configFile);
    if (resolved.fingerprint === stored.fingerprint) return resolved;
  }
  return { name: stored.name, target: stored.target, fingerprint: stored.fingerprint, simulated: stored.simulated };
}

/**
 * A run to resume by its id (`replay --run <id>`): its suite version as stored and its frozen targets, whatever
 * the workspace's suite file and targets say now. A merged run is refused: it mirrors its shard runs, so it is
 * completed by resuming those and merging again.
 */
export function prepareResume(store: Store, runId: string, config: WorkspaceConfig, configFile: string): { run: RunRow; targets: Record<Arm, ResolvedTarget> } {
  const run = store.runs.get(runId);
  if (!run) throw new NotFoundError(`no run "${runId}" in this workspace`);
  const merged = store.runs.mergedShards(runId);
  if (merged.length) {
    throw new InputError(
      `run ${runId} was merged from ${merged.length} shard runs (${merged.map((m) => `${m.shard.index}/${m.shard.count} ${m.sourceRunId}`).join(', ')}); resume the shard runs where they were replayed (canary-gate replay --run <shard run>) and merge again`,
      { field: '--run' },
    );
  }
  return {
    run,
    targets: {
      baseline: storedTargetToCall(store.targets.get(run.baselineTargetId)!, config, configFile),
      candidate: storedTargetToCall(store.targets.get(run.candidateTargetId)!, config, configFile),
    },
  };
}
