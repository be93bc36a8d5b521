import type { AttemptDetail } from '../../shared/domain/case-review.js';
import { engineScorerTypes, type ScorerSpec } from '../../shared/domain/scorer-spec.js';
import type { EvalCase } from '../../shared/domain/suite.js';
import type { PreviewOutput, PreviewVerdict } from '../../shared/domain/suite-view.js';
import type { ScoredOutput } from '../../shared/scorers/output-text.js';
import { expectationName, scoreExpectation, type ScoringContext } from '../../shared/scorers/score-expectation.js';
import { inputTextOf } from '../scoring/input-text.js';
import type { Store } from '../store/index.js';
import { parseExpectationsText } from './expectations-text.js';
import { latestRunOfCase } from './latest-run-of-case.js';

/** What the scorers may read of a case besides the answer, as scoreRun gives it: documents, input text, reference. */
function scoringContextOf(c: EvalCase): ScoringContext {
  const documents = c.input.documents ?? [];
  const inputText = inputTextOf(c.input.messages, documents, c.input.tool_results ?? []);
  return { documents, inputText, ...(c.reference !== undefined ? { reference: c.reference } : {}) };
}

function outputOf(a: AttemptDetail): ScoredOutput {
  return {
    text: a.output_text ?? '',
    finishReason: a.finish_reason,
    toolCalls: a.tool_calls.map((t) => ({ name: t.name, arguments: t.arguments })),
    latencyMs: a.latency_ms,
    costUsd: a.cost_usd,
  };
}

const isEngineType = (spec: ScorerSpec) => (engineScorerTypes as readonly string[]).includes(spec.type);

function verdictOn(spec: ScorerSpec, a: AttemptDetail, context: ScoringContext): PreviewVerdict {
  if (a.status !== 'ok' || a.output_text === null) {
    return { attempt: a.attempt, verdict: 'skipped', reason: `no answer to score${a.error ? ` (${a.error})` : ''}`, value: null };
  }
  if (isEngineType(spec)) {
    const how = spec.type === 'rubric_judge' ? 'a judge model grades it' : 'a workspace scorer module runs it';
    return { attempt: a.attempt, verdict: 'skipped', reason: `not previewed: ${how} during a replay or canary-gate score`, value: null };
  }
  try {
    const s = scoreExpectation(spec, outputOf(a), context);
    return { attempt: a.attempt, verdict: s.error ? 'error' : s.passed ? 'pass' : 'fail', reason: s.error ?? s.detail, value: s.value ?? null };
  } catch (err) {
    return { attempt: a.attempt, verdict: 'error', reason: (err as Error).message, value: null };
  }
}

/**
 * The verdict, reason and value each expectation of the editor's text gives on the stored outputs of both arms of
 * the newest run that replayed the case; the text's problems come back as data (they are what the editor shows as
 * you type). The engine function behind `suites.previewExpectation`: no model is called.
 */
export function previewExpectations(store: Store, suiteName: string, c: EvalCase, text: string): PreviewOutput {
  const edited = parseExpectationsText(text);
  const latest = latestRunOfCase(store, suiteName, c);
  const context = scoringContextOf(c);
  const expectations = edited.items
    .filter((i) => i.spec !== null)
    .map((i) => {
      const spec = i.spec!;
      return {
        index: i.index,
        name: expectationName(spec),
        type: spec.type,
        line: i.line,
        baseline: latest ? latest.detail.baseline.map((a) => verdictOn(spec, a, context)) : [],
        candidate: latest ? latest.detail.candidate.map((a) => verdictOn(spec, a, context)) : [],
      };
    });
  return {
    problems: edited.problems,
    run: latest ? { run_id: latest.run.id, created_at: latest.run.created_at, baseline_model: latest.run.baseline.model, candidate_model: latest.run.candidate.model } : null,
    note: latest ? null : `No run has replayed case "${c.id}" yet: there are no stored outputs to preview on. Replay the suite (with the case active) to see verdicts.`,
    expectations,
  };
}
