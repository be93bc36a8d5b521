import { voteChoiceSchema, type IntervalEstimate, type Vote, type VoteChoice, type VoteSummary } from '../../shared/domain/review-votes.js';
import { cohensKappa, fleissKappaFromCounts, type KappaEstimate } from '../../shared/stats/agreement.js';
import { preferenceSummary, type RateWithInterval } from '../../shared/stats/preference.js';
import type { Store } from '../store/index.js';
import { listVotes } from './list-votes.js';

/** Two-sided level of every interval of the review summary. */
export const REVIEW_LEVEL = 0.95;

const CHOICES: readonly VoteChoice[] = voteChoiceSchema.options;

function interval(r: RateWithInterval | KappaEstimate): IntervalEstimate {
  return { estimate: r.estimate, lower: r.lower, upper: r.upper, level: r.level, method: r.method, ...(r.reason ? { reason: r.reason } : {}) };
}

/**
 * Agreement between reviewers on the cases that two or more of them voted on: Cohen's kappa when exactly two
 * reviewers share cases, Fleiss' kappa when more do (each case with however many of them voted on it); null
 * when no two reviewers voted on a common case.
 */
function agreement(votes: readonly Vote[]): VoteSummary['agreement'] {
  const byCase = new Map<string, Map<string, VoteChoice>>();
  for (const v of votes) {
    const m = byCase.get(v.case_id) ?? new Map<string, VoteChoice>();
    m.set(v.reviewer, v.choice);
    byCase.set(v.case_id, m);
  }
  const shared = [...byCase.values()].filter((m) => m.size >= 2);
  const raters = [...new Set(shared.flatMap((m) => [...m.keys()]))].sort();
  if (raters.length < 2) return null;
  if (raters.length === 2) {
    const [a, b] = raters as [string, string];
    const k = cohensKappa(shared.map((m) => m.get(a)!), shared.map((m) => m.get(b)!), REVIEW_LEVEL);
    return { ...interval(k), method: `Cohen's kappa, ${k.method}`, statistic: 'cohen_kappa', raters: 2, items: k.items };
  }
  const counts = shared.map((m) => CHOICES.map((c) => [...m.values()].filter((x) => x === c).length));
  const k = fleissKappaFromCounts(counts, { twoSidedLevel: REVIEW_LEVEL });
  return { ...interval(k), method: `Fleiss' kappa, ${k.method}`, statistic: 'fleiss_kappa', raters: raters.length, items: k.items };
}

/** Summary of a run's votes: the candidate preference rate with ties explicit, tie and both-bad rates, and agreement. */
export function summarizeVotes(store: Store, runId: string): VoteSummary {
  const votes = listVotes(store, runId);
  const s = preferenceSummary(votes.map((v) => ({ caseId: v.case_id, choice: v.choice })), REVIEW_LEVEL);
  const perReviewer = new Map<string, number>();
  for (const v of votes) perReviewer.set(v.reviewer, (perReviewer.get(v.reviewer) ?? 0) + 1);
  return {
    run_id: runId,
    votes: s.votes,
    cases_voted: s.cases,
    reviewers: [...perReviewer].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([reviewer, n]) => ({ reviewer, votes: n })),
    counts: s.counts,
    candidate_preference: interval(s.candidatePreference),
    tie_rate: interval(s.tieRate),
    both_bad_rate: interval(s.bothBadRate),
    agreement: agreement(votes),
  };
}
