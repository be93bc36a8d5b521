/**
 * Sample sizes for planning a gate: n = (z_{1−α/sides} + z_{power})² · Var(d) / δ².
 *
 * `alpha` is one-sided by default (sides = 1), matching gates that test one bound; pass sides = 2 to
 * reproduce the usual two-sided planning tables (α = 0.05 two-sided ⇒ z = 1.96). Results are rounded up.
 */

import { normalQuantile } from './normal.js';

function zSum(alpha: number, power: number, sides: 1 | 2): number {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0,1), got ${alpha}`);
  if (!(power > 0 && power < 1)) throw new RangeError(`power must be in (0,1), got ${power}`);
  return normalQuantile(1 - alpha / sides) + normalQuantile(power);
}

function checkDelta(delta: number): void {
  if (!(delta > 0) || !Number.isFinite(delta)) throw new RangeError(`delta must be a positive finite number, got ${delta}`);
}

function checkRate(name: string, p: number): void {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`${name} must be in [0,1], got ${p}`);
}

/** Cases needed to detect a mean difference delta given the per-case variance Var(d). */
export function sampleSizeForVariance(varD: number, delta: number, alpha: number, power: number, sides: 1 | 2 = 1): number {
  checkDelta(delta);
  if (!(varD >= 0) || !Number.isFinite(varD)) throw new RangeError(`varD must be a non-negative finite number, got ${varD}`);
  const z = zSum(alpha, power, sides);
  return Math.ceil((z * z * varD) / (delta * delta));
}

/** Per-arm size to detect a drop of delta from rate p between two independent arms. */
export function sampleSizeUnpairedProportions(p: number, delta: number, alpha: number, power: number, sides: 1 | 2): number {
  checkRate('p', p);
  checkDelta(delta);
  const p2 = p - delta;
  checkRate('p − delta', p2);
  return sampleSizeForVariance(p * (1 - p) + p2 * (1 - p2), delta, alpha, power, sides);
}

/** Paired cases to detect a drop of delta from rate p when the two arms' outcomes correlate with rho. */
export function sampleSizePairedCorrelated(p: number, delta: number, rho: number, alpha: number, power: number, sides: 1 | 2 = 1): number {
  checkRate('p', p);
  checkDelta(delta);
  if (!(rho >= -1 && rho <= 1)) throw new RangeError(`rho must be in [-1,1], got ${rho}`);
  const p2 = p - delta;
  checkRate('p − delta', p2);
  const v1 = p * (1 - p);
  const v2 = p2 * (1 - p2);
  return sampleSizeForVariance(Math.max(0, v1 + v2 - 2 * rho * Math.sqrt(v1 * v2)), delta, alpha, power, sides);
}

/**
 * Paired cases for McNemar with discordant fraction psi and difference delta = (b − c)/n (Connor 1987):
 * n = (z_α·√ψ + z_β·√(ψ − δ²))² / δ², the variance under the null for α and under the alternative for β.
 */
export function sampleSizeDiscordant(psi: number, delta: number, alpha: number, power: number, sides: 1 | 2 = 1): number {
  checkDelta(delta);
  if (!(psi >= delta && psi <= 1)) throw new RangeError(`psi must be in [delta, 1], got ${psi}`);
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0,1), got ${alpha}`);
  if (!(power > 0 && power < 1)) throw new RangeError(`power must be in (0,1), got ${power}`);
  const za = normalQuantile(1 - alpha / sides);
  const zb = normalQuantile(power);
  const root = za * Math.sqrt(psi) + zb * Math.sqrt(Math.max(0, psi - delta * delta));
  return Math.ceil((root * root) / (delta * delta));
}
