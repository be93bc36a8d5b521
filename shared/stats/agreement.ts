/**
 * Chance-corrected agreement between reviewers on nominal choices, with intervals.
 *
 * - Two reviewers: Cohen's kappa on the cases both rated, with the large-sample standard error of Fleiss,
 *   Cohen & Everitt (1969), the one statsmodels' `cohens_kappa` reports (not the null-hypothesis SE), and a
 *   normal interval kappa ± z·SE clipped to [−1, 1].
 * - More than two: Fleiss' kappa (1971) over the cases rated by at least two reviewers. A case need not be
 *   rated by every reviewer: each case's agreement P_i uses its own number of ratings n_i, P̄ is their mean
 *   and the chance agreement uses the pooled category shares p_j = Σ n_ij / Σ n_i, which is Fleiss' formula
 *   exactly when every n_i is equal. The interval is a seeded percentile bootstrap over cases (the unit that
 *   was sampled): the Fleiss, Nee & Landis (1979) variance holds only under kappa = 0, so it tests but does
 *   not bound. Replicates in which every rating fell in one category have no kappa and are left out; when
 *   they are over a fifth of all, kappa hinges on one or two cases and the interval is null with the reason.
 *
 * Degenerate inputs never give NaN: fewer than two cases, or every rating in one category (chance agreement
 * 1, so kappa is 0/0), give a null estimate with the reason.
 */

import { createRng, quantile } from './bootstrap.js';
import { twoSidedZ } from './proportions.js';

/** An agreement coefficient with its interval, or a null estimate with the reason. */
export interface KappaEstimate {
  estimate: number | null;
  lower: number | null;
  upper: number | null;
  level: number;
  /** Large-sample standard error (Cohen's kappa only); null for the bootstrap or without an estimate. */
  se: number | null;
  method: string;
  reason: string | null;
  /** Cases the coefficient is computed on. */
  items: number;
  observedAgreement: number | null;
  chanceAgreement: number | null;
}

/** Below this, 1 − chance agreement is taken as 0: every rating is in one category. */
const DEGENERATE = 1e-12;

/**
 * Largest share of bootstrap resamples allowed to have no kappa (all ratings in one category). One case unlike the
 * others among many alike leaves (1 − 1/n)^n ≈ 37 % of them so; two such cases about 13 %.
 */
const MAX_UNDEFINED_SHARE = 0.2;

const COHEN_METHOD = 'normal interval with the Fleiss-Cohen-Everitt (1969) large-sample SE';

function nullKappa(level: number, method: string, reason: string, items: number, observed: number | null = null, chance: number | null = null): KappaEstimate {
  return { estimate: null, lower: null, upper: null, level, se: null, method, reason, items, observedAgreement: observed, chanceAgreement: chance };
}

const clip = (x: number): number => Math.max(-1, Math.min(1, x));

/** Cohen's kappa of a square contingency table (rows: first rater, columns: second) with a two-sided interval. */
export function cohensKappaFromTable(table: readonly (readonly number[])[], twoSidedLevel = 0.95): KappaEstimate {
  const k = table.length;
  let n = 0;
  for (const row of table) {
    if (row.length !== k) throw new RangeError(`cohensKappaFromTable: the table must be square, got a row of ${row.length} in ${k}`);
    for (const x of row) {
      if (!(x >= 0) || !Number.isFinite(x)) throw new RangeError(`cohensKappaFromTable: counts must be finite and ≥ 0, got ${x}`);
      n += x;
    }
  }
  if (n < 2) return nullKappa(twoSidedLevel, COHEN_METHOD, n === 0 ? 'no case rated by both reviewers' : 'only one case rated by both reviewers', n);
  const rowP = table.map((row) => row.reduce((a, b) => a + b, 0) / n);
  const colP = Array.from({ length: k }, (_, j) => table.reduce((a, row) => a + (row[j] as number), 0) / n);
  let po = 0;
  let pe = 0;
  for (let i = 0; i < k; i++) {
    po += (table[i]![i] as number) / n;
    pe += rowP[i]! * colP[i]!;
  }
  if (1 - pe < DEGENERATE) {
    return nullKappa(twoSidedLevel, COHEN_METHOD, 'both reviewers gave one and the same choice throughout: chance agreement is 1, so kappa is undefined', n, po, pe);
  }
  const kappa = (po - pe) / (1 - pe);
  // Fleiss, Cohen & Everitt (1969), eq. 13: the variance of kappa when it is not zero.
  let termA = 0;
  let termB = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const p = (table[i]![j] as number) / n;
      if (p === 0) continue;
      if (i === j) termA += p * (1 - (rowP[i]! + colP[i]!) * (1 - kappa)) ** 2;
      else termB += p * (colP[i]! + rowP[j]!) ** 2;
    }
  }
  const termC = (kappa - pe * (1 - kappa)) ** 2;
  const variance = Math.max(0, (termA + (1 - kappa) ** 2 * termB - termC) / ((1 - pe) ** 2 * n));
  const se = Math.sqrt(variance);
  const half = twoSidedZ(twoSidedLevel) * se;
  return { estimate: kappa, lower: clip(kappa - half), upper: clip(kappa + half), level: twoSidedLevel, se, method: COHEN_METHOD, reason: null, items: n, observedAgreement: po, chanceAgreement: pe };
}

/** Cohen's kappa of two reviewers' choices on the same cases (first[i] and second[i] are on case i). */
export function cohensKappa(first: readonly string[], second: readonly string[], twoSidedLevel = 0.95): KappaEstimate {
  if (first.length !== second.length) throw new RangeError(`cohensKappa: need one choice of each reviewer per case, got ${first.length} and ${second.length}`);
  const categories = [...new Set([...first, ...second])].sort();
  const index = new Map(categories.map((c, i) => [c, i]));
  const table = categories.map(() => categories.map(() => 0));
  first.forEach((a, i) => {
    table[index.get(a)!]![index.get(second[i]!)!]!++;
  });
  return cohensKappaFromTable(table, twoSidedLevel);
}

/** Options of Fleiss' kappa's bootstrap interval. */
export interface FleissOptions {
  twoSidedLevel?: number;
  replicates?: number;
  seed?: number;
}

/** The review summary's level, bootstrap size and seed: a fixed seed, so the same votes always give the same interval. */
export const FLEISS_DEFAULTS = { twoSidedLevel: 0.95, replicates: 2000, seed: 1971 } as const;

/** Fleiss' kappa from its parts: per-case agreements P_i (mean P̄) and pooled category totals. */
function fleissFromParts(meanAgreement: number, categoryTotals: ArrayLike<number>, ratings: number): { kappa: number | null; pe: number } {
  let pe = 0;
  for (let j = 0; j < categoryTotals.length; j++) pe += ((categoryTotals[j] as number) / ratings) ** 2;
  return { kappa: 1 - pe < DEGENERATE ? null : (meanAgreement - pe) / (1 - pe), pe };
}

/**
 * Fleiss' kappa of a cases × categories table of rating counts (row i: how many reviewers chose each category
 * on case i), with a seeded percentile bootstrap interval over cases. Cases with fewer than two ratings are left out.
 */
export function fleissKappaFromCounts(counts: readonly (readonly number[])[], options: FleissOptions = {}): KappaEstimate {
  const { twoSidedLevel, replicates, seed } = { ...FLEISS_DEFAULTS, ...options };
  if (!(twoSidedLevel > 0 && twoSidedLevel < 1)) throw new RangeError(`fleissKappaFromCounts: twoSidedLevel must be in (0,1), got ${twoSidedLevel}`);
  if (!(replicates >= 100) || !Number.isInteger(replicates)) throw new RangeError(`fleissKappaFromCounts: replicates must be an integer ≥ 100, got ${replicates}`);
  const method = `percentile bootstrap over cases (${replicates} replicates, seed ${seed})`;
  const q = counts[0]?.length ?? 0;
  const rows: number[][] = [];
  for (const row of counts) {
    if (row.length !== q) throw new RangeError('fleissKappaFromCounts: every row needs the same categories');
    let ni = 0;
    for (const x of row) {
      if (!(x >= 0) || !Number.isInteger(x)) throw new RangeError(`fleissKappaFromCounts: counts must be integers ≥ 0, got ${x}`);
      ni += x;
    }
    if (ni >= 2) rows.push([...row]);
  }
  const n = rows.length;
  if (n < 2) return nullKappa(twoSidedLevel, method, n === 0 ? 'no case rated by two or more reviewers' : 'only one case rated by two or more reviewers', n);
  // Per case: its ratings n_i and its agreement P_i = Σ_j n_ij (n_ij − 1) / (n_i (n_i − 1)).
  const size = new Float64Array(n);
  const agreement = new Float64Array(n);
  const flat = new Float64Array(n * q);
  const totals = new Float64Array(q);
  let ratings = 0;
  let sumAgreement = 0;
  rows.forEach((row, i) => {
    let ni = 0;
    let pairs = 0;
    row.forEach((x, j) => {
      ni += x;
      pairs += x * (x - 1);
      flat[i * q + j] = x;
      totals[j]! += x;
    });
    size[i] = ni;
    agreement[i] = pairs / (ni * (ni - 1));
    ratings += ni;
    sumAgreement += agreement[i]!;
  });
  const po = sumAgreement / n;
  const full = fleissFromParts(po, totals, ratings);
  if (full.kappa === null) {
    return nullKappa(twoSidedLevel, method, 'every rating is one and the same choice: chance agreement is 1, so kappa is undefined', n, po, full.pe);
  }
  const rng = createRng(seed);
  const reps: number[] = [];
  const t = new Float64Array(q);
  for (let r = 0; r < replicates; r++) {
    t.fill(0);
    let m = 0;
    let s = 0;
    for (let k = 0; k < n; k++) {
      const i = rng.int(n);
      s += agreement[i]!;
      m += size[i]!;
      for (let j = 0; j < q; j++) t[j]! += flat[i * q + j]!;
    }
    const rep = fleissFromParts(s / n, t, m).kappa;
    if (rep !== null) reps.push(rep);
  }
  const base = { estimate: full.kappa, level: twoSidedLevel, se: null, method, items: n, observedAgreement: po, chanceAgreement: full.pe };
  // When many resamples hold a single category, kappa hinges on one or two cases: too few for an interval.
  if (reps.length < replicates * (1 - MAX_UNDEFINED_SHARE)) return { ...base, lower: null, upper: null, reason: `too few cases for an interval: ${replicates - reps.length} of ${replicates} resamples hold one choice only` };
  reps.sort((a, b) => a - b);
  const alpha = (1 - twoSidedLevel) / 2;
  return { ...base, lower: quantile(reps, alpha), upper: quantile(reps, 1 - alpha), reason: null };
}

/** Fleiss' kappa of the choices given on each case (ratings[i]: every reviewer's choice on case i). */
export function fleissKappa(ratings: readonly (readonly string[])[], options: FleissOptions = {}): KappaEstimate {
  const categories = [...new Set(ratings.flat())].sort();
  const index = new Map(categories.map((c, i) => [c, i]));
  const counts = ratings.map((item) => {
    const row = categories.map(() => 0);
    for (const c of item) row[index.get(c)!]!++;
    return row;
  });
  return fleissKappaFromCounts(counts, options);
}
