import { join } from 'node:path';
import { fingerprint } from '../engine/hashing.js';
import { openStore, type NewResult, type ScoreRow, type Store } from '../engine/store/index.js';
import { initWorkspace, openWorkspace, type Workspace } from '../engine/workspace.js';
import type { Arm } from '../shared/domain/run.js';
import type { EvalCase } from '../shared/domain/suite.js';
import type { Target } from '../shared/domain/target.js';

/** The slices of the overview run; every 10th case has none. */
export const OVERVIEW_SLICES = ['billing', 'refunds', 'shipping'] as const;

export const OVERVIEW_BASELINE: Target = {
  provider: 'openai-chat',
  base_url: 'sim',
  model: 'sim-baseline',
  system_prompt: 'You are Acme support.',
  tool_policy: 'as-recorded',
  params: { temperature: 0, top_p: 1 },
  headers: {},
};

export const OVERVIEW_CANDIDATE: Target = {
  provider: 'openai-chat',
  base_url: 'https://api.openai.com/v1',
  model: 'gpt-4.1-mini',
  api_key_env: 'OPENAI_API_KEY',
  system_prompt: 'You are Acme support. Be brief.',
  tool_policy: 'none',
  params: { temperature: 0.2, top_p: 1, max_tokens: 400 },
  headers: { 'x-gateway-key': 'gw-secret-value-0123456789' },
};

/** Latency of one answer: deterministic, candidate 10 % slower. */
export const overviewLatency = (i: number, arm: Arm) => (200 + ((i * 37) % 400)) * (arm === 'candidate' ? 1.1 : 1);
/** Whether one answer passes: the candidate fails every other refunds case, the baseline every 20th case. */
export const overviewPasses = (i: number, arm: Arm) => (arm === 'baseline' ? i % 20 !== 7 : !(sliceOf(i) === 'refunds' && i % 2 === 0));
/** The slice of case i (undefined for every 10th). */
export const sliceOf = (i: number): string | undefined => (i % 10 === 9 ? undefined : OVERVIEW_SLICES[i % OVERVIEW_SLICES.length]);

/** Indexes of the cases whose candidate hit an infra error / stopped at an unreplayable tool call. */
export const OVERVIEW_INFRA_CASE = 4;
export const OVERVIEW_UNREPLAYABLE_CASE = 5;

/**
 * A workspace (`canary-gate init`: its default policy file is evals/policies/model-upgrade.yaml) with one scored,
 * completed run of `cases` cases × 2 arms: sliced cases, one candidate infra error, one unreplayable tool call, and
 * targets that differ in model, params, prompt, tool policy and a secret header. Not gated.
 */
export function seedOverviewRun(dir: string, cases = 90): { ws: Workspace; store: Store; runId: string } {
  initWorkspace(dir);
  const ws = openWorkspace(dir);
  const store = openStore(ws.databaseFile);
  const evalCases: EvalCase[] = Array.from({ length: cases }, (_, i) => {
    const slice = sliceOf(i);
    return {
      id: `case-${String(i).padStart(3, '0')}`,
      input: { messages: [{ role: 'user', content: `Question ${i}` }] },
      expectations: [{ type: 'contains', value: 'ok' }],
      tags: [],
      ...(slice ? { slice } : {}),
      severity: 'medium',
      origin: 'traffic',
      status: 'active',
    };
  });
  const suiteId = store.suites.upsert('overview', fingerprint(evalCases), join(dir, 'evals', 'suites', 'overview.yaml'), evalCases);
  const stored = store.suites.activeCaseRefs(suiteId);
  const baselineId = store.targets.upsert('baseline', fingerprint(OVERVIEW_BASELINE), OVERVIEW_BASELINE, true);
  const candidateId = store.targets.upsert('candidate', fingerprint(OVERVIEW_CANDIDATE), OVERVIEW_CANDIDATE, false);
  const runId = 'run-overview-0001';
  store.runs.create(runId, suiteId, baselineId, candidateId, 1);
  const rows: NewResult[] = [];
  stored.forEach((c, i) => {
    for (const arm of ['baseline', 'candidate'] as const) {
      const infra = arm === 'candidate' && i === OVERVIEW_INFRA_CASE;
      const unreplayable = arm === 'candidate' && i === OVERVIEW_UNREPLAYABLE_CASE;
      rows.push({
        runId,
        caseId: c.id,
        arm,
        attempt: 0,
        status: infra ? 'infra_error' : 'ok',
        outputText: infra ? null : overviewPasses(i, arm) ? 'ok, done' : 'no idea',
        finishReason: infra ? null : 'stop',
        toolCallsJson: null,
        error: infra ? 'HTTP 503' : null,
        latencyMs: infra ? null : overviewLatency(i, arm),
        promptTokens: infra ? null : 100,
        completionTokens: infra ? null : 20,
        costUsd: infra ? null : arm === 'baseline' ? 0.001 * (1 + (i % 5)) : 0.0012 * (1 + (i % 5)),
        retries: 0,
        unreplayableToolCall: unreplayable ? JSON.stringify({ name: 'lookup', arguments: '{}', round: 0, reason: 'no_recorded_result' }) : null,
      });
    }
  });
  store.results.insertMany(rows);
  const positions = new Map(stored.map((c, i) => [c.id, i]));
  const scores: ScoreRow[] = store.results
    .byRun(runId)
    .filter((r) => r.status === 'ok' && !r.unreplayableToolCall)
    .map((r) => ({ resultId: r.id, name: 'contains ok', scorer: 'contains', passed: overviewPasses(positions.get(r.caseId)!, r.arm), severity: 'medium', category: 'task_success', detail: '' }));
  store.scores.insertMany(scores);
  store.runs.setStatus(runId, 'completed');
  return { ws, store, runId };
}
