import { describe, expect, it } from 'vitest';
import { preferenceSummary, type PreferenceChoice, type PreferenceVote } from './preference.js';
import { wilsonInterval } from './proportions.js';

const votes = (choices: PreferenceChoice[], casePrefix = 'c'): PreferenceVote[] => choices.map((choice, i) => ({ caseId: `${casePrefix}${i}`, choice }));

describe('preferenceSummary', () => {
  it('leaves ties and both-bad out of the preference rate and reports them beside it', () => {
    const s = preferenceSummary(votes(['candidate', 'candidate', 'candidate', 'baseline', 'tie', 'both_bad', 'both_bad', 'tie']));
    expect(s.counts).toEqual({ candidate: 3, baseline: 1, tie: 2, both_bad: 2 });
    expect(s.candidatePreference.estimate).toBe(0.75);
    expect(s.candidatePreference.trials).toBe(4);
    expect(s.tieRate.estimate).toBe(0.5);
    expect(s.bothBadRate.estimate).toBe(0.25);
    const w = wilsonInterval(3, 4, 0.95);
    expect([s.candidatePreference.lower, s.candidatePreference.upper]).toEqual([w.lower, w.upper]);
    expect(s.candidatePreference.method).toBe('wilson');
  });

  it('clusters by case when several reviewers voted on one: the interval widens with agreement within cases', () => {
    // Ten cases, three reviewers each, who always agree within a case: really ten observations, not thirty.
    const clustered: PreferenceVote[] = [];
    for (let c = 0; c < 10; c++) for (let r = 0; r < 3; r++) clustered.push({ caseId: `case-${c}`, choice: c < 7 ? 'candidate' : 'baseline' });
    const s = preferenceSummary(clustered);
    const naive = wilsonInterval(21, 30, 0.95);
    expect(s.candidatePreference.estimate).toBeCloseTo(0.7, 12);
    // Three identical votes per case triple the variance; CR1's G/(G − 1) adds 10/9.
    expect(s.candidatePreference.designEffect).toBeCloseTo(3 * (10 / 9), 12);
    expect(s.candidatePreference.method).toMatch(/^wilson-design-effect by case \(t, df = \d+\)$/);
    expect(s.candidatePreference.upper! - s.candidatePreference.lower!).toBeGreaterThan(naive.upper - naive.lower);
    expect(s.cases).toBe(10);
  });

  it('gives null estimates with reasons, never NaN, for no votes or no decisive votes', () => {
    const empty = preferenceSummary([]);
    expect(empty.candidatePreference).toMatchObject({ estimate: null, lower: null, upper: null, reason: 'no votes yet' });
    expect(empty.tieRate.reason).toBe('no votes yet');
    const ties = preferenceSummary(votes(['tie', 'both_bad', 'tie']));
    expect(ties.candidatePreference.estimate).toBeNull();
    expect(ties.candidatePreference.reason).toBe('no decisive votes: every vote is a tie or both bad');
    expect(ties.tieRate.estimate).toBe(1);
    expect(ties.tieRate.upper).toBe(1);
  });

  it('has an estimate but no interval when every vote is on one case', () => {
    const s = preferenceSummary([{ caseId: 'x', choice: 'candidate' }, { caseId: 'x', choice: 'baseline' }]);
    expect(s.candidatePreference.estimate).toBe(0.5);
    expect(s.candidatePreference.lower).toBeNull();
    expect(s.candidatePreference.reason).toBe('all decisive votes are on one case: no interval');
  });

  it('refuses an unknown choice and a bad level', () => {
    expect(() => preferenceSummary([{ caseId: 'a', choice: 'maybe' as PreferenceChoice }])).toThrow(/unknown choice/);
    expect(() => preferenceSummary([], 1.2)).toThrow(RangeError);
  });
});
