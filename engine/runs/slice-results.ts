import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';
import type { GateEvaluation } from '../../shared/domain/gate-result.js';
import { gatePolicySchema, type GatePolicy } from '../../shared/domain/policy.js';
import type { RunSlices, SliceResult } from '../../shared/domain/run-overview.js';
import type { CaseOutcome } from '../../shared/gates/case-outcome.js';
import { evaluatePolicy } from '../../shared/gates/evaluate-policy.js';
import { defaultGateName } from '../../shared/gates/metric-values.js';
import { selectorsOfPolicy } from '../../shared/gates/metric-selector.js';
import { InfraError } from '../errors.js';
import { caseOutcomes } from '../gates/case-outcomes.js';
import { loadPolicy, markIncomplete } from '../gates/decide-run.js';
import { runCompleteness } from '../gates/run-completeness.js';
import { sha256Hex } from '../hashing.js';
import type { Store } from '../store/index.js';
import type { Workspace } from '../workspace.js';
import { parseYamlText } from '../yaml-file.js';
import { unknownRunError } from './unknown-run.js';

/** The policy a run's latest evaluation was decided with, or why it cannot be had. */
type ResolvedPolicy = { policy: GatePolicy; name: string; digest: string } | { policy: null; reason: string };

/**
 * The policy of the run's latest evaluation: its stored text, or — for evaluations stored before the text was
 * kept — the workspace's default policy file when its digest is the one the evaluation recorded. Another file
 * under the same name could gate the slices with other gates than the table above them shows.
 */
function resolvePolicy(workspace: Workspace, runId: string, evaluation: { policy: { name: string; digest: string } }, policyText: string | null): ResolvedPolicy {
  const { name, digest } = evaluation.policy;
  if (policyText !== null) {
    if (`sha256:${sha256Hex(policyText)}` !== digest) {
      return { policy: null, reason: `the policy text stored with the latest evaluation does not match its digest ${digest}; gate the run again: canary-gate gate --run ${runId}` };
    }
    return { policy: parseYamlText(policyText, `policy ${name} (stored with the evaluation)`, gatePolicySchema), name, digest };
  }
  const file = resolve(workspace.root, workspace.config.defaults.policy);
  if (existsSync(file)) {
    const loaded = loadPolicy(file);
    if (loaded.digest === digest) return { policy: loaded.policy, name, digest };
  }
  return {
    policy: null,
    reason: `the run was gated with policy "${name}" (${digest}) before policies were stored with evaluations, and the workspace's ${workspace.config.defaults.policy} is not that file; gate the run again to see its slices: canary-gate gate --run ${runId}`,
  };
}

/** Splits the outcomes by slice: named slices in name order, then the cases without a slice (slice null). */
export function groupBySlice(outcomes: readonly CaseOutcome[]): { slice: string | null; cases: CaseOutcome[] }[] {
  const named = new Map<string, CaseOutcome[]>();
  const unsliced: CaseOutcome[] = [];
  for (const o of outcomes) {
    if (o.slice === undefined) {
      unsliced.push(o);
      continue;
    }
    const list = named.get(o.slice);
    if (list) list.push(o);
    else named.set(o.slice, [o]);
  }
  const groups: { slice: string | null; cases: CaseOutcome[] }[] = [...named.keys()].sort().map((slice) => ({ slice, cases: named.get(slice)! }));
  if (unsliced.length) groups.push({ slice: null, cases: unsliced });
  return groups;
}

/**
 * The policy as it applies to one slice: every gate over all cases, and each gate restricted to slices that include
 * this one, restricted to this one alone under its own name (so the slice table's column is the gate table's row).
 * A gate of other slices does not apply: it would read "no cases in slice …" in every other row. `restricted[i]` is
 * the slice list gate i was written with, when it had one.
 */
export function policyForSlice(policy: GatePolicy, slice: string | null): { policy: GatePolicy; restricted: (string | undefined)[] } {
  const gates: GatePolicy['gates'] = [];
  const restricted: (string | undefined)[] = [];
  for (const g of policy.gates) {
    if (g.slice === undefined) {
      gates.push(g);
      restricted.push(undefined);
      continue;
    }
    const listed = typeof g.slice === 'string' ? [g.slice] : g.slice;
    if (slice === null || !listed.includes(slice)) continue;
    const q = g.kind === 'quantile_ratio' ? g.quantile : undefined;
    gates.push({ ...g, name: g.name ?? defaultGateName(g.metric, g.kind, q, g.slice), slice });
    restricted.push(listed.join(', '));
  }
  return { policy: { ...policy, gates }, restricted };
}

/**
 * Gates each slice of the outcomes on its own with the policy: evaluatePolicy, the same shared code as the gate
 * table, on the slice's cases only (same confidence, so small slices are mostly INCONCLUSIVE with samples_needed),
 * with the gates that apply to that slice ({@link policyForSlice}). A slice gate's details keep the slices it was
 * written for, as in the gate table (the row says which slice it was evaluated on).
 */
export function evaluateSlices(policy: GatePolicy, digest: string, outcomes: readonly CaseOutcome[]): SliceResult[] {
  return groupBySlice(outcomes).map(({ slice, cases }) => {
    const forSlice = policyForSlice(policy, slice);
    const evaluation = evaluatePolicy(forSlice.policy, cases, digest);
    // Implicit gates follow the policy's own: their index is past `restricted`.
    const gates = evaluation.gates.map((g, i) => {
      const written = forSlice.restricted[i];
      return written === undefined ? g : { ...g, details: { ...g.details, slice: written } };
    });
    return { slice, cases: cases.length, verdict: evaluation.verdict, gates };
  });
}

/**
 * Gates every slice of a run with the policy and, when the run is partial, marks the slices the way its own
 * evaluation is marked (decideRun's markIncomplete: never PASS on a partial sample).
 */
export function computeRunSlices(
  store: Store,
  runId: string,
  policy: GatePolicy,
  evaluationPolicy: GateEvaluation['policy'],
  outcomes: readonly CaseOutcome[] = caseOutcomes(store, runId, selectorsOfPolicy(policy)),
): SliceResult[] {
  const slices = evaluateSlices(policy, evaluationPolicy.digest, outcomes);
  const completeness = runCompleteness(store, runId);
  if (completeness.complete) return slices;
  return slices.map((s) => {
    const marked = markIncomplete({ verdict: s.verdict, policy: evaluationPolicy, gates: s.gates }, completeness);
    return { ...s, verdict: marked.verdict, gates: marked.gates };
  });
}

/** What the slice thread is given (plain, cloneable data). */
export interface SliceWorkerInput {
  databaseFile: string;
  runId: string;
  policy: GatePolicy;
  evaluationPolicy: GateEvaluation['policy'];
}

/** What it answers. */
export type SliceWorkerOutput = { ok: true; slices: SliceResult[] } | { ok: false; message: string };

const WORKER_FILE = fileURLToPath(new URL('./slice-worker.js', import.meta.url));

/** Below this many results the slices are computed on the calling thread: starting a thread costs more. */
const INLINE_BELOW_RESULTS = 20_000;

/**
 * Computes the slices off the calling thread when the run is large: on 100,000 cases they take tens of seconds,
 * and `serve` answers every other call (the case list, the gate table) from this thread meanwhile. Inline for an
 * in-memory database or from TypeScript sources (worker threads run the compiled file).
 */
function computeOffThread(store: Store, input: SliceWorkerInput, results: number): Promise<SliceResult[]> {
  if (results < INLINE_BELOW_RESULTS || store.db.memory || !existsSync(WORKER_FILE)) {
    return Promise.resolve().then(() => computeRunSlices(store, input.runId, input.policy, input.evaluationPolicy));
  }
  return new Promise((resolvePromise, reject) => {
    const worker = new Worker(WORKER_FILE, { workerData: input });
    let answered = false;
    worker.once('message', (out: SliceWorkerOutput) => {
      answered = true;
      if (out.ok) resolvePromise(out.slices);
      else reject(new InfraError(`could not gate the slices of run ${input.runId}: ${out.message}`));
    });
    worker.once('error', (err) => {
      answered = true;
      reject(new InfraError(`could not gate the slices of run ${input.runId}: ${err.message}`));
    });
    worker.once('exit', (code) => {
      if (!answered) reject(new InfraError(`could not gate the slices of run ${input.runId}: the worker thread exited with code ${code}`));
    });
  });
}

/** Slice answers being computed, per database and key: a second caller waits for the same computation. */
const inFlight = new WeakMap<Database, Map<string, Promise<RunSlices>>>();

/**
 * The run's slices gated with the policy of its latest evaluation. Stored with the evaluation once computed, under a
 * key of the run's results (count, infra errors, newest id): a large run's bootstrap gates take seconds per slice,
 * and nothing changes them until the run is gated again or gets results. Large runs are computed on a worker thread.
 */
export async function runSlices(store: Store, workspace: Workspace, runId: string): Promise<RunSlices> {
  const run = store.runs.get(runId);
  if (!run) throw unknownRunError(store, runId);
  const latest = store.gates.latest(runId);
  if (!latest) return { policy: null, slices: [], reason: `the run has not been gated yet: canary-gate gate --run ${runId}` };
  const resolved = resolvePolicy(workspace, runId, latest.evaluation, latest.policyText);
  if (resolved.policy === null) return { policy: null, slices: [], reason: resolved.reason };
  const policyRef = { name: resolved.name, digest: resolved.digest };

  const { results, key: resultsKey } = store.gates.resultsState(runId);
  const stored = store.gates.slicesJson(latest.id, resultsKey);
  if (stored !== undefined) return { policy: policyRef, slices: JSON.parse(stored) as SliceResult[] };

  let perDb = inFlight.get(store.db);
  if (!perDb) inFlight.set(store.db, (perDb = new Map()));
  const key = `${latest.id}\u0000${resultsKey}`;
  const pending = perDb.get(key);
  if (pending) return pending;
  const input: SliceWorkerInput = { databaseFile: workspace.databaseFile, runId, policy: resolved.policy, evaluationPolicy: latest.evaluation.policy };
  const computing = computeOffThread(store, input, results)
    .then((slices) => {
      if (store.db.open) store.gates.storeSlicesJson(latest.id, resultsKey, JSON.stringify(slices));
      return { policy: policyRef, slices };
    })
    .finally(() => perDb.delete(key));
  perDb.set(key, computing);
  return computing;
}

/**
 * Gates and stores the slices right when the run is gated, from the outcomes the gate already read: the overview of
 * a large run then opens with its slices instead of waiting for them to be computed on first view.
 */
export function storeSlicesOfEvaluation(store: Store, runId: string, evaluationId: number, policy: GatePolicy, evaluation: GateEvaluation, outcomes: readonly CaseOutcome[]): SliceResult[] {
  const slices = computeRunSlices(store, runId, policy, evaluation.policy, outcomes);
  store.gates.storeSlicesJson(evaluationId, store.gates.resultsState(runId).key, JSON.stringify(slices));
  return slices;
}
