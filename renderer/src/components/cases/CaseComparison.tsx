import { useMemo, useState } from 'react';
import type { AttemptDetail, CaseDetail } from '../../../../shared/domain/case-review.js';
import { AnswerColumn } from './AnswerColumn.js';
import { scoreRows } from './case-format.js';
import { DocumentsPanel } from './DocumentsPanel.js';
import { InputPanel } from './InputPanel.js';
import { ScoreTable } from './ScoreTable.js';
import { checkAnswerCitations, sideBySideDiff } from './text-compare.js';

/** What the reviewer may know: everything (open), or nothing that tells the arms apart (blind, before the vote). */
export type Disclosure = 'open' | 'blind';

export interface CaseComparisonProps {
  detail: CaseDetail;
  /** Which side shows the baseline (always left in the open view; shuffled in blind review). */
  baselineSide: 'left' | 'right';
  disclosure: Disclosure;
  /** Column titles once disclosed, e.g. "Baseline · sim-baseline". */
  baselineTitle: string;
  candidateTitle: string;
}

function passMark(a: AttemptDetail | undefined): string {
  if (!a) return '–';
  if (a.status !== 'ok' || a.unreplayable_tool_call) return '!';
  return a.scores.every((s) => s.passed) ? '✓' : '✗';
}

/** A case side by side: input, both answers with a word diff, scores with reasons, documents with citations checked. */
export function CaseComparison({ detail, baselineSide, disclosure, baselineTitle, candidateTitle }: CaseComparisonProps) {
  const attempts = Math.max(detail.baseline.length, detail.candidate.length);
  const [picked, setPicked] = useState(0);
  const at = Math.min(picked, Math.max(0, attempts - 1));
  const base = detail.baseline[at];
  const cand = detail.candidate[at];
  const left = baselineSide === 'left' ? base : cand;
  const right = baselineSide === 'left' ? cand : base;
  const open = disclosure === 'open';

  const diff = useMemo(() => sideBySideDiff(left?.output_text ?? '', right?.output_text ?? ''), [left, right]);
  const citations = useMemo(() => checkAnswerCitations([base?.output_text ?? null, cand?.output_text ?? null], detail.input.documents), [base, cand, detail.input.documents]);
  const rows = useMemo(() => scoreRows(base?.scores ?? [], cand?.scores ?? []), [base, cand]);

  const leftTitle = open ? (baselineSide === 'left' ? baselineTitle : candidateTitle) : 'Left';
  const rightTitle = open ? (baselineSide === 'left' ? candidateTitle : baselineTitle) : 'Right';
  // The diff reads "what the candidate changed": baseline-only words are removed, candidate-only words added.
  const leftMarking = !open ? 'neutral' : baselineSide === 'left' ? 'removed' : 'added';
  const rightMarking = !open ? 'neutral' : baselineSide === 'left' ? 'added' : 'removed';

  return (
    <div className="case-comparison">
      <InputPanel input={detail.input} />
      <section className="case-section" aria-labelledby="answers-title">
        <div className="answers-head">
          <h3 id="answers-title">Answers</h3>
          {attempts > 1 && (
            <div className="attempt-picker" role="group" aria-label="Attempt">
              {Array.from({ length: attempts }, (_, i) => (
                <button key={i} type="button" className={`button attempt-button${i === at ? ' pressed' : ''}`} aria-pressed={i === at} onClick={() => setPicked(i)}>
                  Attempt {i + 1}
                  {open && (
                    <>
                      <span className="attempt-marks" aria-hidden="true">
                        {' '}
                        {passMark(detail.baseline[i])}
                        {passMark(detail.candidate[i])}
                      </span>
                      <span className="sr-only">
                        , baseline {passMark(detail.baseline[i])}, candidate {passMark(detail.candidate[i])}
                      </span>
                    </>
                  )}
                </button>
              ))}
            </div>
          )}
          {!diff.complete && <span className="muted diff-note">Too different to diff word by word; shown as is.</span>}
        </div>
        <div className="answers">
          <AnswerColumn heading={leftTitle} side="left" attempt={left} parts={diff.left} marking={leftMarking} showMetrics={open} fabricated={open ? citations.fabricated : []} testId="answer-left" />
          <AnswerColumn heading={rightTitle} side="right" attempt={right} parts={diff.right} marking={rightMarking} showMetrics={open} fabricated={open ? citations.fabricated : []} testId="answer-right" />
        </div>
      </section>
      {open && (
        <section className="case-section" aria-labelledby="scores-title">
          <h3 id="scores-title">Scores</h3>
          <ScoreTable rows={rows} leftTitle={leftTitle} rightTitle={rightTitle} pick={baselineSide === 'left' ? 'baseline-left' : 'baseline-right'} />
        </section>
      )}
      <DocumentsPanel documents={detail.input.documents} cited={citations.cited} fabricated={open ? citations.fabricated : []} />
    </div>
  );
}
