import type { IncompleteRun } from '../../shared/domain/gate-result.js';
import type { RunStatus } from '../../shared/domain/run.js';
import { assignShards, runCases, shardLabel } from '../replay/shard.js';
import type { RunRow, Store } from '../store/index.js';
import { unknownRunError } from '../runs/unknown-run.js';

/** How much of a run has been answered: every (case, arm, attempt) call, and what completes the rest. */
export interface RunCompleteness {
  /** Completed, and every call has a result: the run is the whole suite and may be gated. */
  complete: boolean;
  status: RunStatus;
  cases: number;
  repeats: number;
  /** cases × 2 arms × repeats. */
  expectedCalls: number;
  answeredCalls: number;
  missingCalls: number;
  /** The command(s) that complete the run. */
  resume: string;
}

/** Quotes a command-line argument for a POSIX shell when it needs it. */
function shellArg(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}

/**
 * What completes a run. A replayed run is resumed by id (with --batch when its calls went to batches, so the
 * submitted batches are collected instead of called again). A merged run mirrors its shard runs: the shards that
 * lack calls are resumed where they were replayed, then merged again.
 */
function resumeCommand(store: Store, run: RunRow, workspaceArg: string | undefined): string {
  const ws = workspaceArg === undefined ? '' : ` --workspace ${shellArg(workspaceArg)}`;
  const merged = store.runs.mergedShards(run.id);
  if (merged.length === 0) {
    const batch = store.batchJobs.byRun(run.id).length > 0 ? ' --batch' : '';
    return `canary-gate replay --run ${run.id}${batch}${ws}`;
  }
  const count = merged[0]!.shard.count;
  const perShard = new Map<number, number>();
  for (const index of assignShards(store.suites.activeCaseRefs(run.suiteId).map((c) => c.key), count).values()) perShard.set(index, (perShard.get(index) ?? 0) + 1);
  const lacking = merged.filter((m) => m.results < (perShard.get(m.shard.index) ?? 0) * 2 * run.repeats);
  const shards = lacking.length ? lacking : merged;
  const resumes = shards.map((m) => `shard ${shardLabel(m.shard)}: canary-gate replay --run ${m.sourceRunId}`).join('; ');
  return `resume where each shard was replayed (${resumes}), then merge again: canary-gate merge <shard databases…>${ws}`;
}

/** A run's calls: cases × 2 arms × repeats, how many have a result (infra errors included), how many do not. */
export function runCalls(store: Store, run: RunRow, answeredCalls = store.results.counts(run.id).total) {
  // A shard's cases are found by hashing every key; a whole run's are just counted (a list view asks for every run).
  const cases = run.shard ? runCases(store, run).length : store.suites.activeCaseCount(run.suiteId);
  const expectedCalls = cases * 2 * run.repeats;
  // One result per (case, arm, attempt) — a unique key — so the difference is exactly the calls not yet answered.
  return { cases, expectedCalls, answeredCalls, missingCalls: Math.max(0, expectedCalls - answeredCalls) };
}

/** Whether a run has every call answered and finished, counted from the database (a shard run: its shard's cases). */
export function runCompleteness(store: Store, runId: string, opts: { workspaceArg?: string } = {}): RunCompleteness {
  const run = store.runs.get(runId);
  if (!run) throw unknownRunError(store, runId);
  const calls = runCalls(store, run);
  return {
    complete: run.status === 'completed' && calls.missingCalls === 0,
    status: run.status,
    repeats: run.repeats,
    ...calls,
    resume: resumeCommand(store, run, opts.workspaceArg),
  };
}

/** "402 cases × 2 arms × 1 attempt = 804 calls". */
export function callsSentence(c: Pick<RunCompleteness, 'cases' | 'repeats' | 'expectedCalls'>): string {
  return `${c.cases} case${c.cases === 1 ? '' : 's'} × 2 arms × ${c.repeats} attempt${c.repeats === 1 ? '' : 's'} = ${c.expectedCalls} calls`;
}

/** One line on what a partial run lacks: "795 of 804 calls (402 cases × 2 arms × 1 attempt) have no result". */
export function missingSentence(c: RunCompleteness): string {
  if (c.missingCalls === 0) {
    return `all ${c.expectedCalls} calls (${callsSentence(c)}) have a result, but the replay is ${c.status}, not completed (its scores may be missing)`;
  }
  return `${c.missingCalls} of ${c.expectedCalls} calls (${callsSentence(c)}) have no result yet`;
}

/** The refusal of gating a partial run: what is missing, why it matters, and the command that completes it. */
export function incompleteRunMessage(runId: string, c: RunCompleteness): string {
  const running = c.status === 'running' ? ' (if no replay is running it any more)' : '';
  return (
    `run ${runId} is ${c.status}: ${missingSentence(c)}. A partial run is a biased sample — replays go through the suite in order, slice by slice — ` +
    `so its verdict would not be about the suite. Complete it${running} with: ${c.resume} — then gate it again. ` +
    `Or gate what there is with --allow-incomplete: the report is labelled INCOMPLETE and never says PASS`
  );
}

/** The record an evaluation of a partial run carries (IncompleteRun in the gate evaluation and report). */
export function incompleteRecord(c: RunCompleteness): IncompleteRun {
  return {
    status: c.status,
    cases: c.cases,
    repeats: c.repeats,
    expected_calls: c.expectedCalls,
    answered_calls: c.answeredCalls,
    missing_calls: c.missingCalls,
    resume: c.resume,
  };
}
