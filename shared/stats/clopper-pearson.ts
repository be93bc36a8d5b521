/**
 * Clopper–Pearson ("exact") binomial intervals: the bounds are beta quantiles, the values of p at which
 * the binomial tail probability of the observed count equals the allowed error, so the coverage is at
 * least the stated level for every p (conservative, never anti-conservative like Wald at small n).
 */

import { inverseIncompleteBetaTails } from './incomplete-beta.js';
import type { Interval } from './proportions.js';

function checkCounts(name: string, x: number, n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`${name}: n must be a positive integer, got ${n}`);
  if (!Number.isInteger(x) || x < 0 || x > n) throw new RangeError(`${name}: x must be an integer in [0, n], got ${x}`);
}

function checkLevel(name: string, what: string, level: number): void {
  if (!(level > 0 && level < 1)) throw new RangeError(`${name}: ${what} must be in (0,1), got ${level}`);
}

/** Two-sided Clopper–Pearson interval for x successes in n trials (lower = 0 at x = 0, upper = 1 at x = n). */
export function clopperPearsonInterval(x: number, n: number, twoSidedLevel: number): Interval {
  checkCounts('clopperPearsonInterval', x, n);
  checkLevel('clopperPearsonInterval', 'twoSidedLevel', twoSidedLevel);
  const halfAlpha = (1 - twoSidedLevel) / 2;
  // Beta(x, n − x + 1) quantile at α/2 and Beta(x + 1, n − x) quantile at 1 − α/2, the latter given
  // by its upper tail α/2 so that 1 − α/2 is never rounded first.
  const lower = x === 0 ? 0 : inverseIncompleteBetaTails(halfAlpha, 1 - halfAlpha, x, n - x + 1).x;
  const upper = x === n ? 1 : inverseIncompleteBetaTails(1 - halfAlpha, halfAlpha, x + 1, n - x).x;
  return { estimate: x / n, lower, upper };
}

/** One-sided exact upper bound on p at `oneSidedConfidence`; 1 − (1 − conf)^(1/n) at x = 0, 1 at x = n. */
export function clopperPearsonUpper(x: number, n: number, oneSidedConfidence: number): number {
  checkCounts('clopperPearsonUpper', x, n);
  checkLevel('clopperPearsonUpper', 'oneSidedConfidence', oneSidedConfidence);
  if (x === n) return 1;
  // At x = 0 the Beta(1, n) quantile has a closed form; expm1/log1p keep it exact for large n.
  if (x === 0) return -Math.expm1(Math.log1p(-oneSidedConfidence) / n);
  return inverseIncompleteBetaTails(oneSidedConfidence, 1 - oneSidedConfidence, x + 1, n - x).x;
}
