import { INCOMPLETE_LABEL, type GateEvaluation, type GateResult, type IncompleteRun, type Verdict } from '../../shared/domain/gate-result.js';
import { AA_LABEL, isAaRun, type RunStatus } from '../../shared/domain/run.js';
import type { CaseOutcome } from '../../shared/gates/case-outcome.js';
import type { Store } from '../store/index.js';
import { toolVersion } from '../version.js';
import type { LoadedPolicy } from '../gates/decide-run.js';
import { callsSentence } from '../gates/run-completeness.js';

export const GATE_REPORT_SCHEMA = 'canary-gate/gate-report@1';

interface ReportTarget {
  name: string;
  provider: string;
  model: string;
  fingerprint: string;
  simulated: boolean;
  /** The arm replayed the production responses captured with the samples (no model was called). */
  recorded: boolean;
}

/** Per-slice pass rates, so a reviewer sees where a regression lives. */
export interface SliceSummary {
  slice: string;
  cases: number;
  baseline_task_success: number | null;
  candidate_task_success: number | null;
  /** Mean USD per request of each arm in the slice (null when unpriced). */
  baseline_cost_per_request: number | null;
  candidate_cost_per_request: number | null;
}

/** A label every view of a report shows next to its verdict. */
export type ReportLabel = typeof INCOMPLETE_LABEL | typeof AA_LABEL;

/** The canonical gate report: everything a CI step or a reviewer needs to trust a verdict. */
export interface GateReport {
  schema: typeof GATE_REPORT_SCHEMA;
  tool: { name: 'canary-gate'; version: string };
  generated_at: string;
  verdict: Verdict;
  /** INCOMPLETE: a partial run gated on request (never PASS); A/A: baseline and candidate are the same target. */
  labels: ReportLabel[];
  decision: string;
  run: {
    id: string; created_at: string; repeats: number; cases: number; calls: number; infra_errors: number;
    /** The run's status when it was gated. */
    status: RunStatus;
    /** Baseline and candidate have the same target fingerprint: an A/A run. */
    identical_targets: boolean;
    /** Present when a partial run was gated with --allow-incomplete: what it lacked and what completes it. */
    incomplete?: IncompleteRun;
    /** Cases per arm whose replayed conversation stopped at a tool call no recorded tool result matched. */
    unreplayable_tool_calls: { baseline: number; candidate: number };
    /** Present when the run was merged from shard runs replayed on separate machines: which run was each shard. */
    merged_from?: { shard: string; run_id: string }[];
  };
  suite: { name: string; digest: string; source: string | null };
  targets: { baseline: ReportTarget; candidate: ReportTarget };
  policy: { name: string; file: string; digest: string; confidence: number; decision: 'interval' | 'point' };
  gates: GateResult[];
  slices: SliceSummary[];
  notes: string[];
}

const DECISIONS: Record<Verdict, string> = {
  PASS: 'promote: every gate passed; start the canary at the first stage',
  FAIL: 'do not promote: at least one gate failed',
  INCONCLUSIVE: 'hold: not enough evidence to promote (collect more cases; see samples_needed)',
};

const AA_DECISIONS: Record<Verdict, string> = {
  PASS: 'nothing to promote: baseline and candidate are the same target (A/A); every gate passed, as it should when nothing changed',
  FAIL: 'nothing to promote: baseline and candidate are the same target (A/A), yet a gate failed — it flags noise as a regression; review the policy before trusting it',
  INCONCLUSIVE: 'nothing to promote: baseline and candidate are the same target (A/A); not enough evidence either way',
};

/** What to do with the verdict; a partial or A/A run says so first. */
function decisionOf(verdict: Verdict, incomplete: IncompleteRun | undefined, aa: boolean): string {
  if (incomplete) {
    const what = `${verdict === 'FAIL' ? DECISIONS.FAIL : 'hold: the run is INCOMPLETE'} — ${incomplete.missing_calls} of ${incomplete.expected_calls} calls have no result; complete it (${incomplete.resume}) and gate again`;
    return aa ? `${what} (and it is an A/A run: baseline and candidate are the same target)` : what;
  }
  return aa ? AA_DECISIONS[verdict] : DECISIONS[verdict];
}

function sliceSummaries(outcomes: readonly CaseOutcome[]): SliceSummary[] {
  const bySlice = new Map<string, CaseOutcome[]>();
  for (const o of outcomes) {
    const key = o.slice ?? '(none)';
    bySlice.set(key, [...(bySlice.get(key) ?? []), o]);
  }
  const rate = (xs: (number | null | undefined)[]) => {
    const v = xs.filter((x): x is number => typeof x === 'number');
    return v.length ? v.reduce((a, b) => a + b, 0) / v.length : null;
  };
  return [...bySlice.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([slice, list]) => ({
      slice,
      cases: list.length,
      baseline_task_success: rate(list.map((o) => (o.baseline?.infraError ? null : o.baseline?.taskSuccess))),
      candidate_task_success: rate(list.map((o) => (o.candidate?.infraError ? null : o.candidate?.taskSuccess))),
      baseline_cost_per_request: rate(list.map((o) => o.baseline?.costUsd)),
      candidate_cost_per_request: rate(list.map((o) => o.candidate?.costUsd)),
    }));
}

/** Assembles the report of one evaluated run. */
export function buildGateReport(store: Store, runId: string, evaluation: GateEvaluation, policy: LoadedPolicy, outcomes: readonly CaseOutcome[], now = new Date()): GateReport {
  const run = store.runs.get(runId)!;
  const suite = store.suites.get(run.suiteId)!;
  const counts = store.results.counts(runId);
  const target = (id: number): ReportTarget => {
    const t = store.targets.get(id)!;
    return { name: t.name, provider: t.target.provider, model: t.target.model, fingerprint: t.fingerprint, simulated: t.simulated, recorded: t.target.provider === 'recorded' };
  };
  const targets = { baseline: target(run.baselineTargetId), candidate: target(run.candidateTargetId) };
  const aa = isAaRun(targets);
  const incomplete = evaluation.incomplete;
  const labels: ReportLabel[] = [];
  if (incomplete) labels.push(INCOMPLETE_LABEL);
  if (aa) labels.push(AA_LABEL);
  const notes: string[] = [];
  if (incomplete) {
    notes.push(
      `INCOMPLETE: run ${run.id} is ${incomplete.status}: ${incomplete.missing_calls} of ${incomplete.expected_calls} calls (${callsSentence({ ...incomplete, expectedCalls: incomplete.expected_calls })}) have no result. ` +
        `It was gated on request (--allow-incomplete) on a partial sample — biased, since replays go through the suite in order — so no gate and no verdict of this report is PASS. Complete it with: ${incomplete.resume}`,
    );
  }
  if (aa) {
    notes.push(
      `A/A: the baseline and candidate have the same target fingerprint (${targets.baseline.fingerprint}): this run compares a target with itself, so every difference is noise and the verdict says nothing about a change.`,
    );
  }
  if (targets.baseline.simulated || targets.candidate.simulated) {
    notes.push('SIMULATED: at least one target is the embedded simulated model endpoint; these figures describe the simulation, not a real model.');
  }
  for (const arm of ['baseline', 'candidate'] as const) {
    if (targets[arm].recorded) notes.push(`RECORDED ${arm.toUpperCase()}: the ${arm} arm is the production response captured with each sample; no model was called for it.`);
  }
  const unreplayable = {
    baseline: outcomes.filter((o) => o.baseline?.unreplayableToolCall).length,
    candidate: outcomes.filter((o) => o.candidate?.unreplayableToolCall).length,
  };
  if (unreplayable.baseline + unreplayable.candidate > 0) {
    notes.push(
      `UNREPLAYABLE TOOL CALLS: in ${unreplayable.baseline} baseline and ${unreplayable.candidate} candidate case(s) the model called a tool with arguments no recorded tool result matches; no result was invented, and those cases are left out of the quality and latency comparisons (see the results for the calls).`,
    );
  }
  const merged = store.runs.mergedShards(runId).map((m) => ({ shard: `${m.shard.index}/${m.shard.count}`, run_id: m.sourceRunId }));
  if (merged.length) notes.push(`MERGED: this run combines ${merged.length} shards replayed separately (${merged.map((m) => `${m.shard} ${m.run_id}`).join(', ')}).`);
  if (counts.infra > 0) notes.push(`${counts.infra} call(s) ended in infrastructure errors; they are not counted as quality failures and are gated separately.`);
  return {
    schema: GATE_REPORT_SCHEMA,
    tool: { name: 'canary-gate', version: toolVersion() },
    generated_at: now.toISOString(),
    verdict: evaluation.verdict,
    labels,
    decision: decisionOf(evaluation.verdict, incomplete, aa),
    run: {
      id: run.id, created_at: run.createdAt, repeats: run.repeats, cases: outcomes.length, calls: counts.total, infra_errors: counts.infra,
      status: run.status, identical_targets: aa,
      ...(incomplete ? { incomplete } : {}),
      unreplayable_tool_calls: unreplayable,
      ...(merged.length ? { merged_from: merged } : {}),
    },
    suite: { name: suite.name, digest: suite.digest, source: suite.sourcePath },
    targets,
    policy: { name: evaluation.policy.name, file: policy.file, digest: evaluation.policy.digest, confidence: evaluation.policy.confidence, decision: evaluation.policy.decision },
    gates: evaluation.gates,
    slices: sliceSummaries(outcomes),
    notes,
  };
}
