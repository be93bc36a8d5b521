/**
 * Student's t distribution: CDF and quantile for real df ≥ 1 (df = Infinity is the standard normal).
 *
 * Both go through the incomplete beta function: with x = df/(df + t²) and y = t²/(df + t²), the
 * two-sided tail P(|T| > |t|) is I_x(df/2, ½). x and y are computed and passed separately, never one
 * as 1 minus the other: at df = 1e6 and t = 2, y = 4e-6, and 1 − x would keep only ten of its digits.
 * Tails so far out that x underflows (t beyond ~1e145 at df = 1) use the leading term of the series.
 */

import { incompleteBetaTails, inverseIncompleteBetaTails, logBeta } from './incomplete-beta.js';
import { normalCdf, normalQuantile } from './normal.js';

// Below this x, I_x(a, ½) = x^a / (a·B(a, ½)) · (1 + O(x)) to double precision.
const LOG_FAR_X = Math.log(1e-290);

function checkDf(name: string, df: number): void {
  if (!(df >= 1)) throw new RangeError(`${name}: df must be ≥ 1 (or Infinity), got ${df}`);
}

/** P(|T| > |t|) and its complement, each as precise as the side it was computed from. */
function twoSidedTail(absT: number, df: number): { tail: number; inner: number } {
  const a = df / 2;
  const tt = absT * absT;
  const logX = Math.log(df) - 2 * Math.log(absT);
  if (!(tt < Number.POSITIVE_INFINITY) || logX < LOG_FAR_X) {
    const tail = Math.exp(a * logX - Math.log(a) - logBeta(a, 0.5));
    return { tail, inner: 1 - tail };
  }
  const r = incompleteBetaTails(df / (df + tt), tt / (df + tt), a, 0.5);
  return { tail: r.lower, inner: r.upper };
}

/** Student t CDF P(T ≤ t) with df ≥ 1 degrees of freedom (real df; Infinity gives the normal CDF). */
export function studentTCdf(t: number, df: number): number {
  checkDf('studentTCdf', df);
  if (Number.isNaN(t)) throw new RangeError('studentTCdf: t must be a number, got NaN');
  if (df === Number.POSITIVE_INFINITY) return normalCdf(t);
  if (t === 0) return 0.5;
  const { tail, inner } = twoSidedTail(Math.abs(t), df);
  // Build the answer from whichever of the two is the smaller, so that a small tail keeps its digits.
  const below = tail <= inner ? tail / 2 : 0.5 - inner / 2;
  const above = tail <= inner ? 1 - tail / 2 : 0.5 + inner / 2;
  return t < 0 ? below : above;
}

/** Student t quantile: the t with P(T ≤ t) = p, for p in [0, 1] and df ≥ 1 (±Infinity at p = 0 or 1). */
export function studentTQuantile(p: number, df: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`studentTQuantile: p must be in [0,1], got ${p}`);
  checkDf('studentTQuantile', df);
  if (df === Number.POSITIVE_INFINITY) return normalQuantile(p);
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  if (p === 0.5) return 0;
  // Two-sided tail and its complement; both are exact in binary (1 − p is exact for p > ½).
  const tail = 2 * (p < 0.5 ? p : 1 - p);
  const inner = 1 - tail;
  const a = df / 2;
  let magnitude: number;
  const logXFar = (Math.log(tail) + Math.log(a) + logBeta(a, 0.5)) / a;
  if (logXFar < LOG_FAR_X) {
    magnitude = Math.exp(0.5 * (Math.log(df) - logXFar));
  } else {
    const { x, y } = inverseIncompleteBetaTails(tail, inner, a, 0.5);
    magnitude = Math.sqrt(df) * Math.sqrt(y / x);
  }
  return p < 0.5 ? -magnitude : magnitude;
}
