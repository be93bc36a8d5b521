import type { JudgeSummary } from '../../shared/domain/judge-summary.js';
import type { IntervalEstimate } from '../../shared/domain/review-votes.js';

const pct = (x: number | null) => (x === null ? '–' : `${(100 * x).toFixed(1)} %`);

/** "41.7 % (95 % interval 22.1 % … 63.4 %)", or the reason there is no estimate or interval. */
export function rateText(r: IntervalEstimate): string {
  if (r.estimate === null) return `– (${r.reason ?? 'no data'})`;
  const interval = r.lower === null || r.upper === null ? (r.reason ?? 'no interval') : `${Math.round(100 * r.level)} % interval ${pct(r.lower)} … ${pct(r.upper)}`;
  return `${pct(r.estimate)} (${interval})`;
}

/** The judges' figures of a run as lines of text: what `canary-gate judge summary`, `replay` and the demo print. */
export function judgeSummaryLines(s: JudgeSummary): string[] {
  const lines: string[] = [];
  const p = s.pairwise;
  if (p) {
    lines.push(`Pairwise judge "${p.judge}": ${p.pairs} pair(s) on ${p.cases} case(s) judged in both orders — candidate ${p.counts.candidate}, baseline ${p.counts.baseline}, tie ${p.counts.tie}.`);
    lines.push(`  candidate win rate: ${rateText(p.candidateWinRate)}; ties (said, or orders disagreeing): ${rateText(p.tieRate)}`);
    lines.push(`  position bias: picked the answer shown first in ${rateText(p.firstPositionRate)} of decisive verdicts (50 % = none); orders disagreed on ${rateText(p.orderDisagreementRate)} of pairs`);
    lines.push(`  ${p.judgements} judgement(s), ${p.judgeErrors} judge error(s), $${p.costUsd.toFixed(4)}`);
  }
  const r = s.rubric;
  if (r) {
    const arm = (name: string, a: NonNullable<JudgeSummary['rubric']>['baseline']) =>
      `${name} ${a.passed}/${a.graded} passed${a.meanGrade === null ? '' : `, mean grade ${a.meanGrade.toFixed(2)}`}`;
    lines.push(`Rubric judges: ${arm('baseline', r.baseline)}; ${arm('candidate', r.candidate)}; ${r.judgements} judgement(s), ${r.judgeErrors} judge error(s), $${r.costUsd.toFixed(4)}`);
  }
  if (!p && !r) lines.push('No judgements: the suite of this run has no rubric_judge expectations and no pairwise_judge block (or its judges have not run yet).');
  else lines.push(`Judge calls: ${s.calls} made, ${s.cacheHits} judgement(s) answered from the response cache; judge cost $${s.costUsd.toFixed(4)}.`);
  return lines;
}
