/**
 * Paired studentized (bootstrap-t) interval for a ratio of means, mean(candidate) / mean(baseline).
 *
 * Costs are heavy-tailed, and the percentile bootstrap of a ratio of means under-covers on them (the
 * operating-characteristics simulations: 84 % for a nominal 90 % at n = 50, 86–89 % at n = 200). The
 * bootstrap-t pivots on the log ratio θ = log m_c − log m_b with its delta-method standard error
 * se² = (s_cc/m_c² + s_bb/m_b² − 2·s_bc/(m_b·m_c))/n: each resample gives t* = (θ* − θ̂)/se*, and the
 * interval is θ̂ − t*_{1−α/2}·se … θ̂ − t*_{α/2}·se, mapped back with exp. It corrects for the skew that
 * the percentile interval ignores (second-order accurate, Hall 1988). Seeded like the other bootstraps.
 */

import { createRng, quantile } from './bootstrap.js';
import type { BootstrapOptions, BootstrapRatioResult } from './bootstrap.js';

interface Moments {
  mb: number;
  mc: number;
  se: number;
}

/** Means and the delta-method SE of log(mc/mb) from running sums over n pairs; null if undefined. */
function moments(sb: number, sc: number, sbb: number, scc: number, sbc: number, n: number): Moments | null {
  const mb = sb / n;
  const mc = sc / n;
  if (!(mb > 0) || !(mc > 0) || n < 2) return null;
  // Sample (co)variances with n − 1, clamped at 0 against rounding.
  const vbb = Math.max(0, (sbb - n * mb * mb) / (n - 1));
  const vcc = Math.max(0, (scc - n * mc * mc) / (n - 1));
  const vbc = (sbc - n * mb * mc) / (n - 1);
  const v = (vcc / (mc * mc) + vbb / (mb * mb) - (2 * vbc) / (mb * mc)) / n;
  return { mb, mc, se: Math.sqrt(Math.max(0, v)) };
}

/** Studentized paired bootstrap of mean(candidate)/mean(baseline); values must be finite and ≥ 0. */
export function pairedBootstrapTMeanRatio(baseline: readonly number[], candidate: readonly number[], opts: BootstrapOptions): BootstrapRatioResult & { se: number | null } {
  const method = 'paired-bootstrap-t';
  const n = baseline.length;
  if (candidate.length !== n) throw new RangeError('pairedBootstrapTMeanRatio: arms must have the same length');
  if (!Number.isInteger(opts.replicates) || opts.replicates < 1) throw new RangeError(`replicates must be a positive integer, got ${opts.replicates}`);
  if (!(opts.twoSidedLevel > 0 && opts.twoSidedLevel < 1)) throw new RangeError(`twoSidedLevel must be in (0,1), got ${opts.twoSidedLevel}`);
  let sb = 0;
  let sc = 0;
  let sbb = 0;
  let scc = 0;
  let sbc = 0;
  for (let i = 0; i < n; i++) {
    const b = baseline[i] as number;
    const c = candidate[i] as number;
    if (!(Number.isFinite(b) && Number.isFinite(c) && b >= 0 && c >= 0)) throw new RangeError(`pairedBootstrapTMeanRatio: values must be finite and ≥ 0, got ${b}, ${c}`);
    sb += b;
    sc += c;
    sbb += b * b;
    scc += c * c;
    sbc += b * c;
  }
  const none = { estimate: null, lower: null, upper: null, se: null, replicates: 0, method } as const;
  if (n === 0) return { ...none, baseline: null, candidate: null };
  const full = moments(sb, sc, sbb, scc, sbc, n);
  const baseStat = sb / n;
  const candStat = sc / n;
  if (!(baseStat > 0)) return { ...none, baseline: baseStat, candidate: candStat };
  const estimate = candStat / baseStat;
  // A zero candidate mean or a zero spread leaves nothing to studentize: no interval, never a zero-width one.
  if (full === null || !(full.se > 0)) return { ...none, estimate, baseline: baseStat, candidate: candStat };

  const theta = Math.log(full.mc / full.mb);
  const rng = createRng(opts.seed);
  const pivots = new Float64Array(opts.replicates);
  let count = 0;
  for (let r = 0; r < opts.replicates; r++) {
    let rb = 0;
    let rc = 0;
    let rbb = 0;
    let rcc = 0;
    let rbc = 0;
    for (let i = 0; i < n; i++) {
      const j = rng.int(n);
      const b = baseline[j] as number;
      const c = candidate[j] as number;
      rb += b;
      rc += c;
      rbb += b * b;
      rcc += c * c;
      rbc += b * c;
    }
    const m = moments(rb, rc, rbb, rcc, rbc, n);
    // A resample without spread (or with a zero mean) has no pivot; dropping it is the usual convention.
    if (m === null || !(m.se > 0)) continue;
    pivots[count++] = (Math.log(m.mc / m.mb) - theta) / m.se;
  }
  if (count === 0) return { ...none, estimate, baseline: baseStat, candidate: candStat };
  const sorted = pivots.subarray(0, count);
  sorted.sort();
  const a = (1 - opts.twoSidedLevel) / 2;
  return {
    estimate,
    lower: Math.exp(theta - quantile(sorted, 1 - a) * full.se),
    upper: Math.exp(theta - quantile(sorted, a) * full.se),
    se: full.se,
    baseline: baseStat,
    candidate: candStat,
    replicates: count,
    method,
  };
}
