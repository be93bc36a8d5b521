import { gatePolicySchema, type GatePolicy } from '../../shared/domain/policy.js';
import type { GateEvaluation, GateResult } from '../../shared/domain/gate-result.js';
import type { CaseOutcome } from '../../shared/gates/case-outcome.js';
import { evaluatePolicy } from '../../shared/gates/evaluate-policy.js';
import { selectorsOfPolicy } from '../../shared/gates/metric-selector.js';
import { InputError } from '../errors.js';
import { shardLabel } from '../replay/shard.js';
import { sha256Hex } from '../hashing.js';
import type { Store } from '../store/index.js';
import { readYamlFile } from '../yaml-file.js';
import { caseOutcomes } from './case-outcomes.js';
import { incompleteRecord, incompleteRunMessage, runCompleteness, type RunCompleteness } from './run-completeness.js';
import { unknownRunError } from '../runs/unknown-run.js';

/** A policy file as read: the parsed policy, its exact text and the digest of that text (locked into the report). */
export interface LoadedPolicy {
  file: string;
  policy: GatePolicy;
  digest: string;
  /** The file's exact text, stored with each evaluation so its slices can be gated with the same policy later. */
  text: string;
}

/** Reads and validates a gate policy YAML file. */
export function loadPolicy(file: string): LoadedPolicy {
  const { value, text } = readYamlFile(file, gatePolicySchema);
  return { file, policy: value, digest: `sha256:${sha256Hex(text)}`, text };
}

/** How {@link decideRun} treats a partial run. */
export interface DecideOptions {
  /** Gate a partial run anyway: the evaluation is marked incomplete and nothing in it is PASS. */
  allowIncomplete?: boolean;
  /** The --workspace argument as the user gave it, so the resume command in messages can be pasted as is. */
  workspaceArg?: string;
}

/**
 * A partial run's evaluation: every PASS becomes INCONCLUSIVE — a gate that passed on the calls answered so far
 * passed on a biased part of the suite — and the evaluation records what is missing. FAIL stays FAIL (never a
 * promotion either way).
 */
export function markIncomplete(evaluation: GateEvaluation, c: RunCompleteness): GateEvaluation {
  const partial = `only ${c.answeredCalls} of ${c.expectedCalls} calls are answered`;
  const gates = evaluation.gates.map((g): GateResult =>
    g.verdict === 'PASS' ? { ...g, verdict: 'INCONCLUSIVE', reason: `INCOMPLETE RUN: passed on a partial sample (${partial}; complete the run to decide it): ${g.reason}` } : g,
  );
  return { ...evaluation, verdict: evaluation.verdict === 'PASS' ? 'INCONCLUSIVE' : evaluation.verdict, gates, incomplete: incompleteRecord(c) };
}

/**
 * Evaluates a policy on a run's stored scores and records the evaluation. A shard run is refused: it is part of
 * a replay. So is a partial run — interrupted, running, pending, failed, or merged from incomplete shards — unless
 * allowIncomplete, and then the evaluation is labelled incomplete and never PASS.
 */
export function decideRun(
  store: Store,
  runId: string,
  loaded: LoadedPolicy,
  opts: DecideOptions = {},
): { evaluation: GateEvaluation; evaluationId: number; outcomes: CaseOutcome[]; completeness: RunCompleteness } {
  const run = store.runs.get(runId);
  if (!run) throw unknownRunError(store, runId);
  if (run.shard) {
    // A shard holds a fraction of the cases: its verdict would be about a different, smaller sample.
    throw new InputError(
      `run ${runId} is shard ${shardLabel(run.shard)} of a split replay and cannot be gated on its own; combine the shards with 'canary-gate merge <shard databases…>' and gate the merged run`,
      { field: '--run' },
    );
  }
  const completeness = runCompleteness(store, runId, opts.workspaceArg === undefined ? {} : { workspaceArg: opts.workspaceArg });
  // Replays go through the suite in order, slice by slice: the answered part of a partial run is a biased sample.
  if (!completeness.complete && !opts.allowIncomplete) throw new InputError(incompleteRunMessage(runId, completeness), { field: '--run' });
  // Only the scorer, expectation and category metrics this policy gates are computed per case.
  const outcomes = caseOutcomes(store, runId, selectorsOfPolicy(loaded.policy));
  const evaluated = evaluatePolicy(loaded.policy, outcomes, loaded.digest);
  const evaluation = completeness.complete ? evaluated : markIncomplete(evaluated, completeness);
  const evaluationId = store.gates.insert(runId, evaluation, loaded.text);
  return { evaluation, evaluationId, outcomes, completeness };
}
