import type { ScorerSpecOf } from '../domain/scorer-spec.js';
import { undecided, type Verdict } from './reason.js';

const ms = (x: number) => `${Math.round(x).toLocaleString('en-US')} ms`;
/** Dollars with enough decimals that a fraction of a cent still shows ($0.000420). */
const usd = (x: number) => `$${x >= 0.01 ? x.toFixed(4) : x.toPrecision(3)}`;

/** latency: the call took at most `max_ms`; `value` is its latency in ms. No recorded latency: an error, not a failure. */
export function scoreLatency(spec: ScorerSpecOf<'latency'>, latencyMs: number | null | undefined): Verdict {
  if (latencyMs === null || latencyMs === undefined) return undecided('no latency recorded');
  return latencyMs <= spec.max_ms
    ? { passed: true, detail: `took ${ms(latencyMs)}, within the maximum of ${ms(spec.max_ms)}`, value: latencyMs }
    : { passed: false, detail: `took ${ms(latencyMs)}, over the maximum of ${ms(spec.max_ms)}`, value: latencyMs };
}

/** cost: the call cost at most `max_usd`; `value` is its cost in USD. No recorded cost: an error, not a failure. */
export function scoreCost(spec: ScorerSpecOf<'cost'>, costUsd: number | null | undefined): Verdict {
  if (costUsd === null || costUsd === undefined) return undecided('no cost recorded');
  return costUsd <= spec.max_usd
    ? { passed: true, detail: `cost ${usd(costUsd)}, within the maximum of ${usd(spec.max_usd)}`, value: costUsd }
    : { passed: false, detail: `cost ${usd(costUsd)}, over the maximum of ${usd(spec.max_usd)}`, value: costUsd };
}
