import { useMemo, type ReactNode } from 'react';
import type { AttemptDetail } from '../../../../shared/domain/case-review.js';
import { formatMs, formatUsd } from './case-format.js';
import { annotateAnswer, type AnswerSegment, type DiffPart } from './text-compare.js';

export interface AnswerColumnProps {
  /** "Baseline · gpt-4.1" in the open view; "Left" / "Right" in blind review. */
  heading: ReactNode;
  side: 'left' | 'right';
  attempt: AttemptDetail | undefined;
  /** The output text split by the word diff (this side's words, changed ones flagged). */
  parts: DiffPart[];
  /** How changed words are drawn: removed/added once the direction is known, neutral while blind. */
  marking: 'removed' | 'added' | 'neutral';
  /** Latency, tokens and cost tell the models apart, so blind review hides them until the vote. */
  showMetrics: boolean;
  fabricated: readonly string[];
  testId?: string;
}

function DiffSegment({ seg, marking }: { seg: AnswerSegment; marking: AnswerColumnProps['marking'] }) {
  if (!seg.changed) return <>{seg.text}</>;
  if (marking === 'removed') return <del className="diff-removed">{seg.text}</del>;
  if (marking === 'added') return <ins className="diff-added">{seg.text}</ins>;
  return <span className="diff-changed">{seg.text}</span>;
}

function OutputText({ parts, marking, fabricated }: Pick<AnswerColumnProps, 'parts' | 'marking' | 'fabricated'>) {
  const { segments, citations } = useMemo(() => annotateAnswer(parts, fabricated), [parts, fabricated]);
  // Consecutive pieces of one citation marker are drawn inside one mark.
  const groups: { citation: number; segs: AnswerSegment[] }[] = [];
  for (const seg of segments) {
    const last = groups[groups.length - 1];
    if (last && seg.citation >= 0 && last.citation === seg.citation) last.segs.push(seg);
    else groups.push({ citation: seg.citation, segs: [seg] });
  }
  return (
    <div className="answer-text" data-testid="answer-text">
      {groups.map((g, i) => {
        const inner = g.segs.map((seg, j) => <DiffSegment key={j} seg={seg} marking={marking} />);
        if (g.citation < 0) return <span key={i}>{inner}</span>;
        const kind = citations[g.citation]!.kind;
        return (
          <mark key={i} className={`citation ${kind}`} title={kind === 'fabricated' ? 'names no document of this case (fabricated)' : 'cites a document of this case'}>
            {inner}
          </mark>
        );
      })}
    </div>
  );
}

/** One arm's answer: its text (diffed against the other side), tool calls with the results that answered them, and its figures. */
export function AnswerColumn({ heading, side, attempt, parts, marking, showMetrics, fabricated, testId }: AnswerColumnProps) {
  return (
    <section className={`answer answer-${side}`} data-testid={testId} aria-label={typeof heading === 'string' ? heading : `${side} answer`}>
      <h3 className="answer-heading">{heading}</h3>
      {!attempt ? (
        <p className="muted">No answer was recorded for this attempt.</p>
      ) : (
        <>
          {attempt.status === 'infra_error' && (
            <p className="answer-problem" role="note">
              Infra error: {attempt.error ?? 'the call failed'}
            </p>
          )}
          {attempt.unreplayable_tool_call && (
            <p className="answer-problem" role="note">
              Stopped at a tool call that no recorded result matched (left out of gates).
            </p>
          )}
          {attempt.output_text !== null && attempt.output_text !== '' ? (
            <OutputText parts={parts} marking={marking} fabricated={fabricated} />
          ) : (
            attempt.status === 'ok' && <p className="muted">No text in this answer.</p>
          )}
          {attempt.tool_calls.length > 0 && (
            <ol className="answer-tools" aria-label="Tool calls">
              {attempt.tool_calls.map((c, i) => (
                <li key={c.id ?? i}>
                  <code className="tool-call">
                    {c.name}({c.arguments})
                  </code>
                  {c.result !== null ? (
                    <div className="tool-result">
                      <span className="label">Recorded result</span>
                      {c.result}
                    </div>
                  ) : (
                    <div className="tool-result missing">No recorded result matched this call.</div>
                  )}
                </li>
              ))}
            </ol>
          )}
          <dl className="answer-facts">
            <div>
              <dt>Finish</dt>
              <dd>{attempt.finish_reason ?? '—'}</dd>
            </div>
            {showMetrics && (
              <>
                <div>
                  <dt>Tokens in / out</dt>
                  <dd className="num">
                    {attempt.prompt_tokens ?? '—'} / {attempt.completion_tokens ?? '—'}
                  </dd>
                </div>
                <div>
                  <dt>Latency</dt>
                  <dd className="num">{formatMs(attempt.latency_ms)}</dd>
                </div>
                <div>
                  <dt>Cost</dt>
                  <dd className="num">{formatUsd(attempt.cost_usd)}</dd>
                </div>
              </>
            )}
          </dl>
        </>
      )}
    </section>
  );
}
