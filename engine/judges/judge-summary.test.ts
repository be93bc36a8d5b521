import { describe, expect, it } from 'vitest';
import type { JudgementRow } from '../store/judgement-repository.js';
import { armOf, pairwiseFigures } from './judge-summary.js';

let id = 0;
function row(caseId: number, order: 'ab' | 'ba', verdict: 'A' | 'B' | 'tie' | null): JudgementRow {
  return {
    id: ++id, runId: 'r', caseId, kind: 'pairwise', name: 'pairwise', subject: 'pair', attempt: 0, order, judgeFingerprint: 'fp', rubricSha256: 'rs',
    judgeTarget: 'judge', status: verdict === null ? 'judge_error' : 'ok', grade: null, verdict, reason: null, error: verdict === null ? 'bad' : null,
    latencyMs: 1, promptTokens: 1, completionTokens: 1, costUsd: 0.001, calls: 1, cached: false, createdAt: '',
  };
}

describe('pairwise figures', () => {
  it('maps each order back to an arm: in ab the baseline was shown first', () => {
    expect([armOf('ab', 'A'), armOf('ab', 'B'), armOf('ba', 'A'), armOf('ba', 'B'), armOf('ba', 'tie')]).toEqual(['baseline', 'candidate', 'candidate', 'baseline', 'tie']);
  });

  it('counts agreeing orders as a verdict, disagreeing ones as a tie, and leaves out pairs with a judge error', () => {
    const rows = [
      row(1, 'ab', 'B'), row(1, 'ba', 'A'), // candidate in both orders
      row(2, 'ab', 'B'), row(2, 'ba', 'A'), // candidate
      row(3, 'ab', 'A'), row(3, 'ba', 'B'), // baseline
      row(4, 'ab', 'A'), row(4, 'ba', 'A'), // each order picks the first: disagree -> tie
      row(5, 'ab', 'tie'), row(5, 'ba', 'tie'), // tie said
      row(6, 'ab', 'B'), row(6, 'ba', null), // judge error: no pair
    ];
    const f = pairwiseFigures(rows, (c) => `case-${c}`);
    expect(f.pairs).toBe(5);
    expect(f.counts).toEqual({ candidate: 2, baseline: 1, tie: 2 });
    expect(f.candidateWinRate.estimate).toBeCloseTo(2 / 3, 12);
    expect(f.tieRate.estimate).toBeCloseTo(2 / 5, 12);
    expect(f.orderDisagreementRate.estimate).toBeCloseTo(1 / 5, 12);
    // Decisive single-order verdicts: 9 (case 6's ab counts too); first position (A) picked in 5 of them.
    expect(f.firstPositionRate.estimate).toBeCloseTo(5 / 9, 12);
    expect(f.firstPositionRate.lower!).toBeLessThan(5 / 9);
    expect(f.firstPositionRate.upper!).toBeGreaterThan(5 / 9);
    expect(f.judgements).toBe(12);
    expect(f.judgeErrors).toBe(1);
  });
});
