import type { AttemptDetail, CaseDetail } from '../../shared/domain/case-review.js';
import type { ChatMessage } from '../../shared/domain/capture.js';
import type { Arm } from '../../shared/domain/run.js';
import { provenanceText, type RecordedToolResult } from '../../shared/domain/suite.js';
import { singleCaseOutcome } from '../gates/case-outcomes.js';
import { NotFoundError } from '../errors.js';
import { findRecorded } from '../replay/tool-replay.js';
import { unknownRunError } from '../runs/unknown-run.js';
import type { ResultRow, ScoreRow, Store } from '../store/index.js';
import { CHANGES, gateView } from './gate-view.js';

const textOf = (content: ChatMessage['content']): string =>
  typeof content === 'string' ? content : Array.isArray(content) ? content.map((p) => p.text ?? '').join('') : '';

/** A stored tool call of an answer, as the providers write it ({id, name, arguments}). */
interface StoredToolCall {
  id?: string;
  name: string;
  arguments: string;
}

function parseToolCalls(json: string | null): StoredToolCall[] {
  if (json === null) return [];
  const parsed = JSON.parse(json) as unknown;
  return Array.isArray(parsed) ? (parsed as StoredToolCall[]) : [];
}

function attemptDetail(r: ResultRow, scores: readonly ScoreRow[], recorded: readonly RecordedToolResult[]): AttemptDetail {
  return {
    attempt: r.attempt,
    status: r.status,
    unreplayable_tool_call: Boolean(r.unreplayableToolCall),
    output_text: r.outputText,
    finish_reason: r.finishReason,
    // Replay's own matching (same tool, normalised arguments) says which recorded result answered each call.
    tool_calls: parseToolCalls(r.toolCallsJson).map((c) => ({
      id: c.id ?? null,
      name: c.name,
      arguments: c.arguments,
      result: findRecorded(recorded, c.name, c.arguments)?.content ?? null,
    })),
    error: r.error,
    latency_ms: r.latencyMs,
    prompt_tokens: r.promptTokens,
    completion_tokens: r.completionTokens,
    cost_usd: r.costUsd,
    scores: scores.map((s) => ({ name: s.name, scorer: s.scorer, passed: s.passed, severity: s.severity, category: s.category, reason: s.detail })),
  };
}

/**
 * One case of a run: its input, expectations, and for each arm every attempt with its tool calls (and the
 * recorded results that answered them), usage, error and scores with their reasons. The engine function behind
 * `cases.get` and `canary-gate case`; reads only this case's rows. `change` is on task success, as in the list
 * without a gate.
 */
export function getCaseDetail(store: Store, runId: string, caseKey: string): CaseDetail {
  const run = store.runs.get(runId);
  if (!run) throw unknownRunError(store, runId);
  const stored = store.caseReview.caseByKey(run.suiteId, caseKey);
  if (!stored) throw new NotFoundError(`run ${runId} has no case "${caseKey}"`);
  const c = stored.evalCase;
  const results = store.caseReview.resultsOfCase(runId, stored.id);
  const scores = store.caseReview.scoresOfCase(runId, stored.id);
  const byArm: Record<Arm, ResultRow[]> = { baseline: results.filter((r) => r.arm === 'baseline'), candidate: results.filter((r) => r.arm === 'candidate') };
  const outcome = singleCaseOutcome({ key: stored.key, slice: c.slice ?? null, cluster: c.cluster ?? null }, byArm, scores);
  // The same view as the list's without a gate: task success pairs, as collectPairs forms them.
  const change = CHANGES[gateView({ kind: 'paired_proportion', metric: 'task_success' }, [outcome], new Map([[stored.key, 0]])).change[0]!]!;
  const scoresOf = (resultId: number) => scores.filter((s) => s.resultId === resultId);
  const recorded = c.input.tool_results ?? [];
  return {
    run_id: runId,
    case_id: stored.key,
    index: store.caseReview.activeIndexOf(run.suiteId, stored.id),
    slice: c.slice ?? null,
    tags: c.tags ?? [],
    severity: c.severity ?? 'medium',
    origin: c.origin ?? 'manual',
    status: stored.status,
    provenance: provenanceText(c.provenance),
    cluster: c.cluster ?? null,
    change,
    input: {
      messages: c.input.messages.map((m) => ({
        role: m.role,
        text: textOf(m.content),
        name: m.name ?? null,
        tool_calls: (m.tool_calls ?? []).map((t) => ({ name: t.function.name, arguments: t.function.arguments })),
      })),
      tools: c.input.tools ?? [],
      tool_results: recorded.map((t) => ({ name: t.name, arguments: t.arguments, content: t.content })),
      documents: (c.input.documents ?? []).map((d) => ({ id: d.id, title: d.title ?? null, text: d.text })),
      params: c.input.params ?? {},
    },
    expectations: c.expectations ?? [],
    baseline: byArm.baseline.map((r) => attemptDetail(r, scoresOf(r.id), recorded)),
    candidate: byArm.candidate.map((r) => attemptDetail(r, scoresOf(r.id), recorded)),
  };
}
