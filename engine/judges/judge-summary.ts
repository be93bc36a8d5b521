import type { IntervalEstimate } from '../../shared/domain/review-votes.js';
import type { JudgeSummary } from '../../shared/domain/judge-summary.js';
import { preferenceSummary, rateClusteredByCase, type PreferenceVote, type RateWithInterval } from '../../shared/stats/preference.js';
import { NotFoundError } from '../errors.js';
import type { Store } from '../store/index.js';
import type { JudgementRow } from '../store/judgement-repository.js';

function interval(r: RateWithInterval): IntervalEstimate {
  return { estimate: r.estimate, lower: r.lower, upper: r.upper, level: r.level, method: r.method, ...(r.reason ? { reason: r.reason } : {}) };
}

type Arm = 'baseline' | 'candidate';

/** A position verdict of one order mapped back to an arm: in 'ab' the baseline was shown first (A). */
export function armOf(order: 'ab' | 'ba', verdict: 'A' | 'B' | 'tie'): Arm | 'tie' {
  if (verdict === 'tie') return 'tie';
  return (verdict === 'A') === (order === 'ab') ? 'baseline' : 'candidate';
}

/**
 * The pairwise figures of a set of judgements (one judge): per (case, attempt) the two orders mapped back to arms —
 * a tie when they disagree — give the votes of the same statistics the blind review uses (shared/stats/preference:
 * clustered by case, ties explicit); the single-order verdicts give the position bias.
 */
export function pairwiseFigures(rows: readonly JudgementRow[], caseKeyOf: (caseId: number) => string, level = 0.95): Omit<NonNullable<JudgeSummary['pairwise']>, 'judge' | 'costUsd'> {
  const pairs = new Map<string, { caseKey: string; ab?: JudgementRow; ba?: JudgementRow }>();
  const firstPicks: PreferenceVote[] = [];
  for (const r of rows) {
    const caseKey = caseKeyOf(r.caseId);
    const k = `${r.caseId}:${r.attempt}`;
    const pair = pairs.get(k) ?? { caseKey };
    if (r.order === 'ab' || r.order === 'ba') pair[r.order] = r;
    pairs.set(k, pair);
    // 'baseline' stands for "picked the first answer" here: only the share of first picks is read.
    if (r.status === 'ok' && (r.verdict === 'A' || r.verdict === 'B')) firstPicks.push({ caseId: caseKey, choice: r.verdict === 'A' ? 'baseline' : 'candidate' });
  }
  const votes: PreferenceVote[] = [];
  const agreement: PreferenceVote[] = [];
  for (const p of pairs.values()) {
    if (p.ab?.status !== 'ok' || p.ba?.status !== 'ok' || !p.ab.verdict || !p.ba.verdict) continue;
    const ab = armOf('ab', p.ab.verdict);
    const ba = armOf('ba', p.ba.verdict);
    votes.push({ caseId: p.caseKey, choice: ab === ba ? ab : 'tie' });
    agreement.push({ caseId: p.caseKey, choice: ab === ba ? 'baseline' : 'candidate' });
  }
  const pref = preferenceSummary(votes, level);
  const none = 'no pair has a verdict in both orders yet';
  return {
    pairs: votes.length,
    cases: pref.cases,
    counts: { candidate: pref.counts.candidate, baseline: pref.counts.baseline, tie: pref.counts.tie },
    candidateWinRate: interval(pref.candidatePreference),
    tieRate: interval(pref.tieRate),
    firstPositionRate: interval(rateClusteredByCase(firstPicks, (v) => v.choice === 'baseline', level, 'no verdict picked an answer yet', 'verdicts')),
    orderDisagreementRate: interval(rateClusteredByCase(agreement, (v) => v.choice === 'candidate', level, none, 'pairs')),
    judgements: rows.length,
    judgeErrors: rows.filter((r) => r.status === 'judge_error').length,
  };
}

/** What the judges said about a run (see judgeSummarySchema); null parts for judges the run does not have. */
export function judgeSummary(store: Store, runId: string, level = 0.95): JudgeSummary {
  const run = store.runs.get(runId);
  if (!run) throw new NotFoundError(`no run "${runId}" in this workspace`);
  const rows = store.judgements.byRun(runId);
  const caseKeys = new Map(store.suites.activeCaseRefs(run.suiteId).map((c) => [c.id, c.key]));
  const caseKeyOf = (id: number) => caseKeys.get(id) ?? String(id);
  const cost = (list: readonly JudgementRow[]) => list.reduce((s, r) => s + (r.costUsd ?? 0), 0);
  // Per judge (a rubric expectation, the pairwise block) the judgements of its newest judge and rubric: a run judged
  // again after the judge target changed (judge --run) keeps the old ones, but they are not mixed in.
  const latest = (list: readonly JudgementRow[]) => {
    const newest = new Map<string, string>();
    for (const r of list) newest.set(r.name, `${r.judgeFingerprint} ${r.rubricSha256}`);
    return list.filter((r) => newest.get(r.name) === `${r.judgeFingerprint} ${r.rubricSha256}`);
  };
  const pairwiseRows = latest(rows.filter((r) => r.kind === 'pairwise'));
  const rubricRows = latest(rows.filter((r) => r.kind === 'rubric'));
  const pairwise = pairwiseRows.length
    ? { judge: pairwiseRows.at(-1)!.judgeTarget, ...pairwiseFigures(pairwiseRows, caseKeyOf, level), costUsd: cost(pairwiseRows) }
    : null;
  const arm = (a: 'baseline' | 'candidate') => {
    const graded = rubricRows.filter((r) => r.subject === a && r.status === 'ok' && r.grade !== null);
    return { graded: graded.length, meanGrade: graded.length ? graded.reduce((s, r) => s + r.grade!, 0) / graded.length : null };
  };
  let rubric: JudgeSummary['rubric'] = null;
  if (rubricRows.length) {
    const passed = store.judgements.rubricPassedByArm(runId);
    rubric = {
      judgements: rubricRows.length,
      judgeErrors: rubricRows.filter((r) => r.status === 'judge_error').length,
      costUsd: cost(rubricRows),
      baseline: { ...arm('baseline'), passed: passed.baseline },
      candidate: { ...arm('candidate'), passed: passed.candidate },
    };
  }
  return {
    runId,
    pairwise,
    rubric,
    calls: rows.reduce((s, r) => s + r.calls, 0),
    cacheHits: rows.filter((r) => r.cached).length,
    costUsd: cost(rows),
  };
}
