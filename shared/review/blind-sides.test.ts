import { describe, expect, it } from 'vitest';
import { armOnSide, baselineSide, choiceFromSide, reviewerSeed } from './blind-sides.js';

const cases = Array.from({ length: 20_000 }, (_, i) => `case-${String(i).padStart(5, '0')}`);

describe('baselineSide', () => {
  it('is stable: the same reviewer, run and case always give the same side (pinned values)', () => {
    // Pinned, so a change of the hash (which would reshuffle every stored layout) fails here.
    expect(reviewerSeed('Ada', 'run-20261102-091500-a1b2')).toBe(reviewerSeed(' Ada ', 'run-20261102-091500-a1b2'));
    expect(cases.slice(0, 16).map((c) => (baselineSide('Ada', 'run-1', c) === 'left' ? 'L' : 'R')).join('')).toBe('RRRLRRLLLRRRLRLL');
    expect(baselineSide('Ada', 'run-1', 'case-00000')).toBe(baselineSide('Ada', 'run-1', 'case-00000'));
  });

  it('is close to 50/50 over cases, for several reviewers and runs', () => {
    for (const [reviewer, run] of [['Ada', 'run-1'], ['Grace', 'run-1'], ['Ada', 'run-2'], ['x', 'y']] as const) {
      const left = cases.filter((c) => baselineSide(reviewer, run, c) === 'left').length / cases.length;
      // Binomial SD at n = 20,000 is 0.0035: 4 SD.
      expect(Math.abs(left - 0.5), `${reviewer}/${run}`).toBeLessThan(0.014);
    }
  });

  it('is independent from one case to the next (no runs, no alternation)', () => {
    const s = cases.map((c) => baselineSide('Ada', 'run-1', c));
    let same = 0;
    for (let i = 1; i < s.length; i++) if (s[i] === s[i - 1]) same++;
    expect(Math.abs(same / (s.length - 1) - 0.5)).toBeLessThan(0.014);
  });

  it('gives two reviewers, or two runs, independent layouts', () => {
    const agree = (a: (c: string) => string, b: (c: string) => string) => cases.filter((c) => a(c) === b(c)).length / cases.length;
    expect(Math.abs(agree((c) => baselineSide('Ada', 'run-1', c), (c) => baselineSide('Grace', 'run-1', c)) - 0.5)).toBeLessThan(0.014);
    expect(Math.abs(agree((c) => baselineSide('Ada', 'run-1', c), (c) => baselineSide('Ada', 'run-2', c)) - 0.5)).toBeLessThan(0.014);
    // Field boundaries count: ("ab", "c") is not ("a", "bc").
    expect(reviewerSeed('ab', 'c')).not.toBe(reviewerSeed('a', 'bc'));
  });
});

describe('choiceFromSide', () => {
  it('unblinds left/right picks and keeps tie and both-bad', () => {
    expect(armOnSide('left', 'left')).toBe('baseline');
    expect(armOnSide('right', 'left')).toBe('candidate');
    expect(choiceFromSide('left', 'right')).toBe('candidate');
    expect(choiceFromSide('right', 'right')).toBe('baseline');
    expect(choiceFromSide('tie', 'left')).toBe('tie');
    expect(choiceFromSide('both_bad', 'right')).toBe('both_bad');
  });
});
