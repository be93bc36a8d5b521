import { z } from 'zod';
import { configObject } from './config-object.js';

/** The metrics a gate can be written on; each is computed the same way for every run. */
export const metricNames = [
  'task_success',
  'high_severity_failures',
  'citation_validity',
  'abstention',
  'over_refusal',
  'latency_ms',
  'cost_usd',
  'infra_error',
] as const;
export const metricNameSchema = z.enum(metricNames);
export type MetricName = z.infer<typeof metricNameSchema>;

const base = {
  /** Display name in reports; defaults to a description derived from the metric. */
  name: z.string().optional(),
  metric: metricNameSchema,
  critical: z.boolean().default(false),
};

/** One gate written in advance. Oriented so that a positive regression means "worse". */
export const gateSpecSchema = z.discriminatedUnion('kind', [
  /** Paired difference of a pass rate; allowed regression in percentage points. */
  configObject({ kind: z.literal('paired_proportion'), max_regression_points: z.number().nonnegative(), ...base }),
  /**
   * "No increase" of a rare severe failure: new failures = candidate fails where baseline passed.
   * 'zero': any observed new failure FAILs; PASS needs the exact upper bound on the new-failure rate within
   * `max_new_failure_rate`. 'mcnemar': non-inferiority of the net change (new − fixed)/n with margin `margin_points`.
   */
  configObject({
    kind: z.literal('new_failures'),
    tolerance: z.enum(['zero', 'mcnemar']).default('zero'),
    /** zero tolerance: the new-failure rate the exact upper bound must stay under for a PASS (0.01 = 1 %). */
    max_new_failure_rate: z.number().gt(0).lt(1).default(0.01),
    /** mcnemar: allowed net increase of the failure share, in percentage points. */
    margin_points: z.number().nonnegative().default(0.5),
    ...base,
  }),
  /** Ratio of a quantile (e.g. P95 latency); allowed regression as a relative increase (0.10 = 10%). */
  configObject({ kind: z.literal('quantile_ratio'), quantile: z.number().gt(0).lt(1), max_relative_increase: z.number().nonnegative(), ...base }),
  /** Ratio of means (e.g. cost/request); allowed regression as a relative increase. */
  configObject({ kind: z.literal('mean_ratio'), max_relative_increase: z.number().nonnegative(), ...base }),
  /** An absolute ceiling on a rate in the candidate arm (e.g. infra errors). */
  configObject({ kind: z.literal('max_rate'), max_rate: z.number().min(0).max(1), ...base }),
]);
export type GateSpec = z.infer<typeof gateSpecSchema>;

/** A gate policy YAML file in evals/policies/. */
export const gatePolicySchema = configObject({
  name: z.string().min(1),
  description: z.string().optional(),
  /** One-sided confidence of every bound (0.95 → the bounds of a two-sided 90% interval). */
  confidence: z.number().gt(0.5).lt(1).default(0.95),
  decision: z.enum(['interval', 'point']).default('interval'),
  bootstrap: configObject({ replicates: z.number().int().min(200).max(100_000).default(2000), seed: z.number().int().default(20260402) }).prefault({}),
  /** Target power when saying how many more samples would decide an INCONCLUSIVE gate. */
  power: z.number().gt(0.5).lt(1).default(0.8),
  /**
   * The infra error rate no run may exceed and PASS, when no gate of the policy watches infra_error: then an
   * implicit critical max_rate gate with this ceiling is evaluated as soon as the run has an infra error.
   */
  max_infra_error_rate: z.number().min(0).max(1).default(0.05),
  gates: z.array(gateSpecSchema).min(1),
});
export type GatePolicy = z.infer<typeof gatePolicySchema>;
