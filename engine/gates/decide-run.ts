import { gatePolicySchema, type GatePolicy } from '../../shared/domain/policy.js';
import type { GateEvaluation } from '../../shared/domain/gate-result.js';
import type { CaseOutcome } from '../../shared/gates/case-outcome.js';
import { evaluatePolicy } from '../../shared/gates/evaluate-policy.js';
import { InputError, NotFoundError } from '../errors.js';
import { shardLabel } from '../replay/shard.js';
import { sha256Hex } from '../hashing.js';
import type { Store } from '../store/index.js';
import { readYamlFile } from '../yaml-file.js';
import { caseOutcomes } from './case-outcomes.js';

/** A policy file as read: the parsed policy and the digest of its exact bytes (locked into the report). */
export interface LoadedPolicy {
  file: string;
  policy: GatePolicy;
  digest: string;
}

/** Reads and validates a gate policy YAML file. */
export function loadPolicy(file: string): LoadedPolicy {
  const { value, text } = readYamlFile(file, gatePolicySchema);
  return { file, policy: value, digest: `sha256:${sha256Hex(text)}` };
}

/** Evaluates a policy on a run's stored scores and records the evaluation. A shard run is refused: it is part of a replay. */
export function decideRun(store: Store, runId: string, loaded: LoadedPolicy): { evaluation: GateEvaluation; evaluationId: number; outcomes: CaseOutcome[] } {
  const run = store.runs.get(runId);
  if (!run) throw new NotFoundError(`no run "${runId}"`);
  if (run.shard) {
    // A shard holds a fraction of the cases: its verdict would be about a different, smaller sample.
    throw new InputError(
      `run ${runId} is shard ${shardLabel(run.shard)} of a split replay and cannot be gated on its own; combine the shards with 'canary-gate merge <shard databases…>' and gate the merged run`,
      { field: '--run' },
    );
  }
  const outcomes = caseOutcomes(store, runId);
  const evaluation = evaluatePolicy(loaded.policy, outcomes, loaded.digest);
  const evaluationId = store.gates.insert(runId, evaluation);
  return { evaluation, evaluationId, outcomes };
}
