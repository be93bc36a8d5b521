import { fingerprint } from '../engine/hashing.js';
import { caseOutcomes } from '../engine/gates/case-outcomes.js';
import type { NewResult, ScoreRow, Store } from '../engine/store/index.js';
import type { GatePolicy } from '../shared/domain/policy.js';
import type { EvalCase } from '../shared/domain/suite.js';
import type { Target } from '../shared/domain/target.js';
import { evaluatePolicy } from '../shared/gates/evaluate-policy.js';
import { scoreOutput } from '../shared/scorers/score-expectation.js';

/** One attempt of a fixture case: an answer (scored by the real scorers), an infra error, or an unreplayable stop. */
export type FixtureAttempt = { text: string; latency?: number; cost?: number; toolCalls?: { id: string; name: string; arguments: string }[] } | 'infra' | 'unreplayable';

/** A fixture case: its suite entry and each arm's attempts (an arm without attempts has no results). */
export interface FixtureCase {
  evalCase: EvalCase;
  baseline: FixtureAttempt[];
  candidate: FixtureAttempt[];
}

/** The policy fixture runs are gated with: one gate per kind the case views treat differently. */
export const FIXTURE_POLICY: GatePolicy = {
  name: 'fixture',
  confidence: 0.95,
  decision: 'interval',
  bootstrap: { replicates: 200, seed: 1 },
  power: 0.8,
  max_infra_error_rate: 0.05,
  gates: [
    { kind: 'paired_proportion', metric: 'task_success', max_regression_points: 2, critical: false, name: 'Task' },
    { kind: 'new_failures', metric: 'task_success', tolerance: 'zero', max_new_failure_rate: 0.01, margin_points: 0.5, critical: false, name: 'New failures' },
    { kind: 'paired_proportion', metric: 'citation_validity', max_regression_points: 1, critical: false, name: 'Citations' },
    { kind: 'new_failures', metric: 'high_severity_failures', tolerance: 'zero', max_new_failure_rate: 0.01, margin_points: 0.5, critical: true, name: 'High severity' },
    { kind: 'mean_ratio', metric: 'latency_ms', max_relative_increase: 0.1, critical: false, name: 'Latency' },
    { kind: 'max_rate', metric: 'infra_error', max_rate: 0.02, critical: true, name: 'Infra' },
  ],
};

const target = (model: string): Target => ({ provider: 'openai-chat', base_url: 'sim', model, tool_policy: 'as-recorded', params: {}, headers: {} });

/**
 * Writes a suite, a run with every attempt (answers scored by the real scorers), and — unless `gate` is false —
 * a gate evaluation of {@link FIXTURE_POLICY}; returns the run id. For tests of the case views.
 */
export function seedFixtureRun(store: Store, runId: string, cases: readonly FixtureCase[], opts: { repeats?: number; gate?: boolean } = {}): string {
  const suite = cases.map((c) => c.evalCase);
  const suiteId = store.suites.upsert(`fixture-${runId}`, fingerprint(suite), null, suite);
  const stored = store.suites.activeCases(suiteId);
  const b = store.targets.upsert('baseline', fingerprint(target('b')), target('b'), true);
  const c = store.targets.upsert('candidate', fingerprint(target('c')), target('c'), true);
  store.runs.create(runId, suiteId, b, c, opts.repeats ?? 1);
  addAttempts(store, runId, stored.map((s) => s.id), cases);
  store.runs.setStatus(runId, 'completed');
  if (opts.gate !== false) store.gates.insert(runId, evaluatePolicy(FIXTURE_POLICY, caseOutcomes(store, runId), 'sha256:fixture'));
  return runId;
}

/** Stores (and scores) the attempts of fixture cases whose database ids are given, after what the run holds. */
export function addAttempts(store: Store, runId: string, caseIds: readonly number[], cases: readonly FixtureCase[]): void {
  const rows: NewResult[] = [];
  cases.forEach((fc, i) => {
    for (const arm of ['baseline', 'candidate'] as const) {
      fc[arm].forEach((a, attempt) => {
        const base = { runId, caseId: caseIds[i]!, arm, attempt, retries: 0, promptTokens: null, completionTokens: null };
        if (a === 'infra') rows.push({ ...base, status: 'infra_error', outputText: null, finishReason: null, toolCallsJson: null, error: 'HTTP 503', latencyMs: null, costUsd: null });
        else if (a === 'unreplayable')
          rows.push({ ...base, status: 'ok', outputText: '', finishReason: 'tool_calls', toolCallsJson: JSON.stringify([{ id: 'x', name: 'lookup', arguments: '{}' }]), error: null, latencyMs: 50, costUsd: 0.001, unreplayableToolCall: JSON.stringify({ name: 'lookup', arguments: '{}', round: 0, reason: 'no_recorded_result' }) });
        else
          rows.push({ ...base, status: 'ok', outputText: a.text, finishReason: a.toolCalls ? 'tool_calls' : 'stop', toolCallsJson: a.toolCalls ? JSON.stringify(a.toolCalls) : null, error: null, latencyMs: a.latency ?? 100, costUsd: a.cost ?? 0.001, promptTokens: 10, completionTokens: 5 });
      });
    }
  });
  store.results.insertMany(rows);
  const byId = new Map(caseIds.map((id, i) => [id, cases[i]!.evalCase]));
  const scores: ScoreRow[] = [];
  const scored = new Set(store.scores.byRun(runId).map((s) => s.resultId));
  for (const r of store.results.byRun(runId)) {
    const ec = byId.get(r.caseId);
    if (!ec || r.status !== 'ok' || r.unreplayableToolCall) continue;
    if (scored.has(r.id)) continue;
    for (const s of scoreOutput(ec.expectations, { text: r.outputText ?? '', finishReason: r.finishReason, toolCalls: [] }, ec.input.documents ?? [])) scores.push({ ...s, resultId: r.id });
  }
  store.scores.insertMany(scores);
}
