/**
 * Binomial distribution and the exact McNemar test.
 *
 * The pmf uses Loader's saddle-point form (as in R's dbinom): the Stirling-series remainder and the
 * deviance term bd0 avoid the catastrophic cancellation of lgamma differences, so the pmf stays
 * accurate to ~1e-13 relative for n up to 1e6 and beyond. Tails are summed outward from k with the
 * pmf recurrence, always on the side of the mean where the terms shrink, so small tail probabilities
 * keep their relative precision.
 */

const HALF_LN_2PI = 0.5 * Math.log(2 * Math.PI);

function assertCount(name: string, v: number): void {
  if (!Number.isInteger(v) || v < 0) throw new RangeError(`${name} must be a non-negative integer, got ${v}`);
}

function assertProbability(p: number): void {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`p must be in [0,1], got ${p}`);
}

/** ln(n!) − [(n + ½)ln n − n + ½ ln 2π]: the error of Stirling's formula, for integer n ≥ 1. */
function stirlerr(n: number): number {
  if (n <= 15) {
    // n! is exact in a double up to 15!, so the direct form loses only a few ulps of ln(n!) ≈ 28.
    let f = 1;
    for (let i = 2; i <= n; i++) f *= i;
    return Math.log(f) - (n + 0.5) * Math.log(n) + n - HALF_LN_2PI;
  }
  const S0 = 1 / 12;
  const S1 = 1 / 360;
  const S2 = 1 / 1260;
  const S3 = 1 / 1680;
  const S4 = 1 / 1188;
  const nn = n * n;
  if (n > 500) return (S0 - S1 / nn) / n;
  if (n > 80) return (S0 - (S1 - S2 / nn) / nn) / n;
  if (n > 35) return (S0 - (S1 - (S2 - S3 / nn) / nn) / nn) / n;
  return (S0 - (S1 - (S2 - (S3 - S4 / nn) / nn) / nn) / nn) / n;
}

/** Deviance term x·ln(x/np) + np − x, by a series when x ≈ np where the direct form cancels. */
function bd0(x: number, np: number): number {
  if (Math.abs(x - np) < 0.1 * (x + np)) {
    let v = (x - np) / (x + np);
    let s = (x - np) * v;
    if (Math.abs(s) < Number.MIN_VALUE) return s;
    let ej = 2 * x * v;
    v *= v;
    for (let j = 1; j < 1000; j++) {
      ej *= v;
      const s1 = s + ej / (2 * j + 1);
      if (s1 === s) return s1;
      s = s1;
    }
  }
  return x * Math.log(x / np) + np - x;
}

/** Binomial probability P(X = k) for X ~ Binomial(n, p). */
export function binomialPmf(k: number, n: number, p: number): number {
  assertCount('n', n);
  assertProbability(p);
  if (!Number.isInteger(k) || k < 0 || k > n) return 0;
  if (p === 0) return k === 0 ? 1 : 0;
  if (p === 1) return k === n ? 1 : 0;
  const q = 1 - p;
  if (k === 0) return Math.exp(n * Math.log1p(-p));
  if (k === n) return Math.exp(n * Math.log(p));
  const lc = stirlerr(n) - stirlerr(k) - stirlerr(n - k) - bd0(k, n * p) - bd0(n - k, n * q);
  // log(2π k (n − k) / n), written so that k ≪ n does not round (n − k)/n.
  const lf = 2 * HALF_LN_2PI + Math.log(k) + Math.log1p(-k / n);
  return Math.exp(lc - 0.5 * lf);
}

/** Σ_{j=0..k} pmf(j); only called with k ≤ np, where terms decrease as j goes down. */
function lowerTailSum(k: number, n: number, p: number): number {
  let term = binomialPmf(k, n, p);
  let sum = term;
  const qOverP = (1 - p) / p;
  for (let j = k; j >= 1; j--) {
    term *= (j / (n - j + 1)) * qOverP;
    sum += term;
    if (term <= sum * 1e-17) break;
  }
  return sum;
}

/** Σ_{j=m..n} pmf(j); only called with m > np, where terms decrease as j goes up. */
function upperTailSum(m: number, n: number, p: number): number {
  let term = binomialPmf(m, n, p);
  let sum = term;
  const pOverQ = p / (1 - p);
  for (let j = m; j < n; j++) {
    term *= ((n - j) / (j + 1)) * pOverQ;
    sum += term;
    if (term <= sum * 1e-17) break;
  }
  return sum;
}

/** Binomial CDF P(X ≤ k) for X ~ Binomial(n, p); k is floored. */
export function binomialCdf(k: number, n: number, p: number): number {
  assertCount('n', n);
  assertProbability(p);
  const kk = Math.floor(k);
  if (kk < 0) return 0;
  if (kk >= n) return 1;
  if (p === 0) return 1;
  if (p === 1) return 0;
  return kk <= n * p ? lowerTailSum(kk, n, p) : 1 - upperTailSum(kk + 1, n, p);
}

/** Binomial survival function P(X > k) for X ~ Binomial(n, p) (scipy's binom.sf); k is floored. */
export function binomialSf(k: number, n: number, p: number): number {
  assertCount('n', n);
  assertProbability(p);
  const kk = Math.floor(k);
  if (kk < 0) return 1;
  if (kk >= n) return 0;
  if (p === 0) return 0;
  if (p === 1) return 1;
  return kk + 1 > n * p ? upperTailSum(kk + 1, n, p) : 1 - lowerTailSum(kk, n, p);
}

/** Exact McNemar p-values from the discordant counts. */
export interface McNemarResult {
  /** P(B ≥ b) with B ~ Binomial(b + c, ½): evidence that b > c (candidate worse). */
  pOneSidedGreater: number;
  /** min(1, 2·P(B ≤ min(b, c))), as scipy binomtest two-sided and statsmodels mcnemar(exact=True). */
  pTwoSided: number;
}

/** Exact McNemar test on b (base ok → candidate fails) and c (fixed) discordant pairs. */
export function mcnemarExact(b: number, c: number): McNemarResult {
  assertCount('b', b);
  assertCount('c', c);
  const n = b + c;
  if (n === 0) return { pOneSidedGreater: 1, pTwoSided: 1 };
  const pOneSidedGreater = b === 0 ? 1 : binomialSf(b - 1, n, 0.5);
  const pTwoSided = Math.min(1, 2 * binomialCdf(Math.min(b, c), n, 0.5));
  return { pOneSidedGreater, pTwoSided };
}
