/**
 * What blind-review votes say about the candidate: the share of decisive votes preferring it, and how
 * often reviewers could not choose (a tie, or both answers bad), each with a two-sided interval.
 *
 * Ties are handled explicitly, never split half-and-half: the preference rate is candidate / (candidate +
 * baseline), and the tie and both-bad rates are reported beside it over all votes. A preference of 0.5 with
 * a 60 % tie rate says something quite different from the same 0.5 with none.
 *
 * Several reviewers voting on one case are not independent trials: the case (its two answers) is what they
 * share. Each rate is therefore clustered by case with the gates' own machinery (shared/stats/clustered-rate):
 * plain Wilson when every case carries one vote, else Wilson on counts deflated by the CR1 design effect of
 * the case clusters (never below 1) with a Student t critical value on G − 1 degrees of freedom (capped by
 * the cases that hold an event). This is the same estimator as the gates' rates, so a reviewer sees the
 * same kind of interval everywhere.
 */

import { clusteredRateInterval, type RateItem } from './clustered-rate.js';

/** A reviewer's verdict on one case, as the review stores it. */
export type PreferenceChoice = 'baseline' | 'candidate' | 'tie' | 'both_bad';

/** One vote: the case it is on (the cluster) and the choice. */
export interface PreferenceVote {
  caseId: string;
  choice: PreferenceChoice;
}

/** A rate with its interval, or a null estimate with the reason it has none. */
export interface RateWithInterval {
  estimate: number | null;
  lower: number | null;
  upper: number | null;
  level: number;
  /** How the interval was made: 'wilson' or 'wilson-design-effect by case (t, df = …)'. */
  method: string;
  /** Why the estimate or interval is missing; null when both are there. */
  reason: string | null;
  events: number;
  trials: number;
  /** Cases the trials came from. */
  cases: number;
  designEffect: number;
}

/** The preference rate, tie rate and both-bad rate of a set of votes. */
export interface PreferenceSummary {
  counts: Record<PreferenceChoice, number>;
  votes: number;
  cases: number;
  /** candidate / (candidate + baseline). */
  candidatePreference: RateWithInterval;
  /** (tie + both_bad) / all votes: the reviewer chose neither answer. */
  tieRate: RateWithInterval;
  /** both_bad / all votes. */
  bothBadRate: RateWithInterval;
}

/**
 * The share of `votes` for which `isEvent` holds, clustered by case; a null estimate with `emptyReason` when there
 * are no votes, a null interval when they are all on one case.
 */
export function rateClusteredByCase(votes: readonly PreferenceVote[], isEvent: (v: PreferenceVote) => boolean, twoSidedLevel: number, emptyReason: string, what = 'votes'): RateWithInterval {
  if (votes.length === 0) return { estimate: null, lower: null, upper: null, level: twoSidedLevel, method: 'wilson', reason: emptyReason, events: 0, trials: 0, cases: 0, designEffect: 1 };
  const items: RateItem[] = votes.map((v) => ({ events: isEvent(v) ? 1 : 0, trials: 1, cluster: v.caseId }));
  const r = clusteredRateInterval(items, twoSidedLevel);
  const method = r.method === 'wilson' ? 'wilson' : `wilson-design-effect by case (t, df = ${r.df ?? '–'})`;
  const reason = r.lower === null ? `all ${what} are on one case: no interval` : null;
  return { estimate: r.estimate, lower: r.lower, upper: r.upper, level: twoSidedLevel, method, reason, events: r.events, trials: r.trials, cases: r.units, designEffect: r.designEffect };
}

/** Preference, tie and both-bad rates of blind-review votes at `twoSidedLevel` (see the file comment). */
export function preferenceSummary(votes: readonly PreferenceVote[], twoSidedLevel = 0.95): PreferenceSummary {
  if (!(twoSidedLevel > 0 && twoSidedLevel < 1)) throw new RangeError(`preferenceSummary: twoSidedLevel must be in (0,1), got ${twoSidedLevel}`);
  const counts: Record<PreferenceChoice, number> = { baseline: 0, candidate: 0, tie: 0, both_bad: 0 };
  for (const v of votes) {
    if (!(v.choice in counts)) throw new RangeError(`preferenceSummary: unknown choice "${String(v.choice)}"`);
    counts[v.choice]++;
  }
  const decisive = votes.filter((v) => v.choice === 'baseline' || v.choice === 'candidate');
  const noVotes = 'no votes yet';
  return {
    counts,
    votes: votes.length,
    cases: new Set(votes.map((v) => v.caseId)).size,
    candidatePreference: rateClusteredByCase(decisive, (v) => v.choice === 'candidate', twoSidedLevel,
      votes.length === 0 ? noVotes : 'no decisive votes: every vote is a tie or both bad', 'decisive votes'),
    tieRate: rateClusteredByCase(votes, (v) => v.choice === 'tie' || v.choice === 'both_bad', twoSidedLevel, noVotes),
    bothBadRate: rateClusteredByCase(votes, (v) => v.choice === 'both_bad', twoSidedLevel, noVotes),
  };
}
