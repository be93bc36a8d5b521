/** A map from data values to pixels along one axis, with its domain and tick values. */
export interface Scale {
  (value: number): number;
  domain: readonly [number, number];
  ticks: readonly number[];
}

/** Round tick steps (1, 2, 5 × 10^k) giving about `count` ticks over [lo, hi]. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks: number[] = [];
  // The rounding keeps 0.30000000000000004 from reaching a label.
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

/**
 * A linear scale covering every given value (nulls ignored) plus a margin, onto [x0, x1]. The domain is never
 * empty: a single value gets a unit-wide window around it, so a lone point still lands in the middle.
 */
export function linearScale(values: readonly (number | null | undefined)[], x0: number, x1: number, margin = 0.08): Scale {
  const finite = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  let lo = finite.length ? Math.min(...finite) : 0;
  let hi = finite.length ? Math.max(...finite) : 1;
  if (hi - lo < 1e-12) {
    const half = Math.abs(lo) > 0 ? Math.abs(lo) * 0.5 : 0.5;
    lo -= half;
    hi += half;
  }
  const pad = (hi - lo) * margin;
  lo -= pad;
  hi += pad;
  const f = ((v: number) => x0 + ((v - lo) / (hi - lo)) * (x1 - x0)) as Scale;
  return Object.assign(f, { domain: [lo, hi] as const, ticks: niceTicks(lo, hi, 4) });
}

/** A log scale over [lo, hi] (both > 0) onto [x0, x1], for log-spaced histogram edges. */
export function logScale(lo: number, hi: number, x0: number, x1: number): Scale {
  const a = Math.log(lo);
  const b = Math.log(hi);
  const f = ((v: number) => x0 + ((Math.log(Math.max(v, lo)) - a) / (b - a || 1)) * (x1 - x0)) as Scale;
  const ticks: number[] = [];
  for (let p = Math.floor(Math.log10(lo)); p <= Math.ceil(Math.log10(hi)); p += 1) {
    for (const m of [1, 2, 5]) {
      const t = m * 10 ** p;
      if (t >= lo && t <= hi) ticks.push(Number(t.toPrecision(12)));
    }
  }
  // A narrow range may hold no round value: label its ends instead of leaving the axis bare.
  const labelled = ticks.length >= 2 ? ticks : [Number(lo.toPrecision(2)), Number(hi.toPrecision(2))];
  return Object.assign(f, { domain: [lo, hi] as const, ticks: labelled });
}
