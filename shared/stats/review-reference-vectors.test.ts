import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cohensKappa, cohensKappaFromTable, fleissKappa, fleissKappaFromCounts } from './agreement.js';
import { preferenceSummary, type PreferenceChoice, type RateWithInterval } from './preference.js';

// Produced by scripts/reference/make-review-vectors.py (statsmodels / numpy).
interface RefRate { estimate: number; lower: number | null; upper: number | null; design_effect: number; clustered: boolean }
interface Vectors {
  preference: {
    name: string;
    level: number;
    votes: { case: string; choice: PreferenceChoice }[];
    counts: Record<PreferenceChoice, number>;
    candidate_preference: RefRate | null;
    tie_rate: RefRate;
    both_bad_rate: RefRate;
  }[];
  cohen: { source: string; table: number[][]; level: number; kappa: number; se: number; lower: number; upper: number }[];
  cohen_labels: { first: string[]; second: string[]; level: number; kappa: number; se: number; lower: number; upper: number }[];
  fleiss: {
    name: string;
    counts: number[][];
    unequal: boolean;
    level: number;
    kappa: number;
    statsmodels_kappa: number | null;
    observed_agreement: number;
    chance_agreement: number;
    lower: number;
    upper: number;
    ts_replicates: number;
    mc_sd_lower: number;
    mc_sd_upper: number;
  }[];
  fleiss_raw: { ratings: string[][]; kappa: number }[];
}

const vectors = JSON.parse(readFileSync(new URL('../../fixtures/stats/review-reference-vectors.json', import.meta.url), 'utf8')) as Vectors;

function close(actual: number | null, expected: number, tol: number, label: string): void {
  expect(actual, label).not.toBeNull();
  const err = Math.abs((actual as number) - expected);
  expect(err <= tol * Math.max(1, Math.abs(expected)), `${label}: got ${actual}, expected ${expected} (err ${err})`).toBe(true);
}

function sameRate(actual: RateWithInterval, expected: RefRate | null, label: string): void {
  if (expected === null) {
    expect(actual.estimate, label).toBeNull();
    expect(actual.reason, label).not.toBeNull();
    return;
  }
  close(actual.estimate, expected.estimate, 1e-12, `${label} estimate`);
  close(actual.designEffect, expected.design_effect, 1e-9, `${label} design effect`);
  expect(actual.method.startsWith('wilson-design-effect'), label).toBe(expected.clustered);
  if (expected.lower === null) {
    expect(actual.lower, label).toBeNull();
    expect(actual.reason, label).toMatch(/one case/);
    return;
  }
  close(actual.lower, expected.lower, 1e-9, `${label} lower`);
  close(actual.upper, expected.upper as number, 1e-9, `${label} upper`);
}

describe('reference vectors: preference, tie and both-bad rates', () => {
  it('match statsmodels Wilson (one vote per case) and the clustered-rate reference (several reviewers per case)', () => {
    expect(vectors.preference.length).toBeGreaterThanOrEqual(12);
    expect(vectors.preference.some((v) => v.tie_rate.clustered)).toBe(true);
    expect(vectors.preference.some((v) => !v.tie_rate.clustered)).toBe(true);
    for (const v of vectors.preference) {
      const s = preferenceSummary(v.votes.map((x) => ({ caseId: x.case, choice: x.choice })), v.level);
      const label = `${v.name} @${v.level}`;
      expect(s.counts, label).toEqual(v.counts);
      sameRate(s.candidatePreference, v.candidate_preference, `${label} preference`);
      sameRate(s.tieRate, v.tie_rate, `${label} tie rate`);
      sameRate(s.bothBadRate, v.both_bad_rate, `${label} both-bad rate`);
    }
  });
});

describe("reference vectors: Cohen's kappa", () => {
  it('matches statsmodels cohens_kappa (kappa, Fleiss-Cohen-Everitt SE, interval) on tables', () => {
    expect(vectors.cohen.length).toBeGreaterThanOrEqual(20);
    for (const v of vectors.cohen) {
      const k = cohensKappaFromTable(v.table, v.level);
      const label = `${v.source} @${v.level}`;
      close(k.estimate, v.kappa, 1e-9, `${label} kappa`);
      close(k.se, v.se, 1e-9, `${label} se`);
      close(k.lower, Math.max(-1, v.lower), 1e-9, `${label} lower`);
      close(k.upper, Math.min(1, v.upper), 1e-9, `${label} upper`);
    }
  });

  it('matches statsmodels from raw ratings (to_table)', () => {
    for (const v of vectors.cohen_labels) {
      const k = cohensKappa(v.first, v.second, v.level);
      close(k.estimate, v.kappa, 1e-9, 'kappa');
      close(k.se, v.se, 1e-9, 'se');
      close(k.lower, Math.max(-1, v.lower), 1e-9, 'lower');
      close(k.upper, Math.min(1, v.upper), 1e-9, 'upper');
      expect(k.items).toBe(v.first.length);
    }
  });
});

describe("reference vectors: Fleiss' kappa", () => {
  it('matches statsmodels fleiss_kappa (equal ratings per case) and the written-out generalisation (unequal)', () => {
    expect(vectors.fleiss.filter((v) => v.statsmodels_kappa !== null).length).toBeGreaterThanOrEqual(3);
    for (const v of vectors.fleiss) {
      const k = fleissKappaFromCounts(v.counts, { twoSidedLevel: v.level, replicates: v.ts_replicates });
      close(k.estimate, v.statsmodels_kappa ?? v.kappa, 1e-9, `${v.name} kappa`);
      close(k.observedAgreement, v.observed_agreement, 1e-9, `${v.name} observed`);
      close(k.chanceAgreement, v.chance_agreement, 1e-9, `${v.name} chance`);
    }
  });

  it("bootstrap endpoints lie within 4 Monte-Carlo SDs of numpy's 100,000-resample percentile interval", () => {
    for (const v of vectors.fleiss) {
      const k = fleissKappaFromCounts(v.counts, { twoSidedLevel: v.level, replicates: v.ts_replicates });
      expect(k.reason, v.name).toBeNull();
      close(k.lower, v.lower, 4 * v.mc_sd_lower + 1e-6, `${v.name} lower`);
      close(k.upper, v.upper, 4 * v.mc_sd_upper + 1e-6, `${v.name} upper`);
    }
  });

  it('matches statsmodels from raw ratings (aggregate_raters)', () => {
    for (const v of vectors.fleiss_raw) close(fleissKappa(v.ratings).estimate, v.kappa, 1e-9, 'kappa');
  });
});
