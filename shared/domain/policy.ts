import { z } from 'zod';
import { defaultGateName } from '../gates/metric-values.js';
import { configObject, nearestKey } from './config-object.js';
import { failureCategories, scorerTypes, type FailureCategory, type ScorerType } from './scorer-spec.js';

/** The built-in metrics a gate can be written on; each is computed the same way for every run. */
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
export type BuiltinMetricName = (typeof metricNames)[number];

/**
 * The prefixes of metrics that select scores: `scorer:<type>` (the expectations of one scorer type),
 * `expectation:<name>` (the expectations of that name) and `category:<failure category>`. Each is a failure share
 * per case: an attempt fails it when any selected score failed; a case without a selected score has no value.
 */
export const metricSelectorPrefixes = ['scorer', 'expectation', 'category'] as const;
export type MetricSelectorPrefix = (typeof metricSelectorPrefixes)[number];
/** A metric that selects scores (see {@link metricSelectorPrefixes}). */
export type SelectorMetricName = `scorer:${ScorerType}` | `expectation:${string}` | `category:${FailureCategory}`;
export type MetricName = BuiltinMetricName | SelectorMetricName;

const quoteList = (xs: readonly string[]) => xs.join(', ');

/** Why a metric string is not one: names the nearest valid spelling when there is one. */
export function metricErrorMessage(input: unknown): string {
  if (typeof input !== 'string') return `a metric is a string: one of ${quoteList(metricNames)}, or scorer:<type>, expectation:<name>, category:<category>`;
  const colon = input.indexOf(':');
  if (colon < 0) {
    const near = nearestKey(input, metricNames);
    if (near !== undefined) return `unknown metric \`${input}\` — did you mean \`${near}\`?`;
    if ((failureCategories as readonly string[]).includes(input)) return `unknown metric \`${input}\` — a failure category is written \`category:${input}\``;
    if ((scorerTypes as readonly string[]).includes(input)) return `unknown metric \`${input}\` — a scorer's pass rate is written \`scorer:${input}\``;
    return `unknown metric \`${input}\` (metrics: ${quoteList(metricNames)}, or scorer:<type>, expectation:<name>, category:<category>)`;
  }
  const prefix = input.slice(0, colon);
  const rest = input.slice(colon + 1);
  if (prefix === 'category') return unknownValue(input, 'failure category', rest, failureCategories);
  if (prefix === 'scorer') return unknownValue(input, 'scorer type', rest, scorerTypes);
  if (prefix === 'expectation') return `\`${input}\`: an expectation metric names the expectation, as in expectation:cites-refund-policy`;
  const nearPrefix = nearestKey(prefix, metricSelectorPrefixes);
  return nearPrefix !== undefined
    ? `unknown metric \`${input}\` — did you mean \`${nearPrefix}:${rest}\`?`
    : `unknown metric \`${input}\`: the prefixes are ${quoteList(metricSelectorPrefixes.map((p) => `${p}:`))}`;
}

function unknownValue(input: string, what: string, value: string, known: readonly string[]): string {
  const near = value === '' ? undefined : nearestKey(value, known);
  return near !== undefined
    ? `unknown ${what} \`${value}\` in \`${input}\` — did you mean \`${near}\`?`
    : `unknown ${what} \`${value}\` in \`${input}\` (${what === 'scorer type' ? 'scorer types' : 'failure categories'}: ${quoteList(known)})`;
}

/** A gate's metric: a built-in name, or a selector of scores (scorer:<type>, expectation:<name>, category:<category>). */
export const metricNameSchema: z.ZodType<MetricName> = z.union(
  [
    z.enum(metricNames),
    z.templateLiteral(['scorer:', z.enum(scorerTypes)]),
    z.templateLiteral(['expectation:', z.string().min(1)]),
    z.templateLiteral(['category:', z.enum(failureCategories)]),
  ],
  { error: (issue) => metricErrorMessage(issue.input) },
);

/** The slice(s) a gate is restricted to: one name or a non-empty list of distinct names. */
export const gateSliceSchema = z.union([
  z.string().min(1, 'a slice name cannot be empty'),
  z
    .array(z.string().min(1, 'a slice name cannot be empty'))
    .min(1, 'list at least one slice, or leave `slice` out to gate every case')
    .refine((xs) => new Set(xs).size === xs.length, 'a slice is listed twice'),
]);

const base = {
  /** Display name in reports; defaults to a description derived from the metric. */
  name: z.string().optional(),
  metric: metricNameSchema,
  critical: z.boolean().default(false),
  /**
   * Restricts the gate to the cases of one slice or of a list of slices; a slice without cases in the run makes
   * the gate INCONCLUSIVE ("no cases in slice …"), never PASS.
   */
  slice: gateSliceSchema.optional(),
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

/** The name of the implicit infra-error ceiling evaluatePolicy adds (no gate of a policy may take it). */
export const IMPLICIT_INFRA_GATE_NAME = 'Infra error rate (implicit)';

/** A gate's name in reports: its own, or the default derived from its metric, kind, quantile and slice(s). */
export function gateNameOf(g: GateSpec): string {
  return g.name ?? defaultGateName(g.metric, g.kind, g.kind === 'quantile_ratio' ? g.quantile : undefined, g.slice);
}

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
}).superRefine((policy, ctx) => {
  // Reports, case views, drill-downs and slice tables find a gate by its name: two gates of one name would show
  // one gate's cases under the other.
  const first = new Map<string, number>();
  policy.gates.forEach((g, i) => {
    const name = gateNameOf(g);
    const path = g.name === undefined ? ['gates', i] : ['gates', i, 'name'];
    const which = g.name === undefined ? `gate ${i + 1}'s default name "${name}"` : `the name "${name}" of gate ${i + 1}`;
    if (name === IMPLICIT_INFRA_GATE_NAME) {
      ctx.addIssue({ code: 'custom', path, message: `${which} is the name of the gate a policy gets when none of its gates watches infra_error: give this gate another \`name:\`` });
      return;
    }
    const earlier = first.get(name);
    if (earlier === undefined) {
      first.set(name, i);
      return;
    }
    ctx.addIssue({
      code: 'custom',
      path,
      message: `${which} is also gate ${earlier + 1}'s (gates.${earlier}): reports and case views find a gate by its name, so give ${g.name === undefined ? 'this gate' : 'one of them'} its own \`name:\``,
    });
  });
});
export type GatePolicy = z.infer<typeof gatePolicySchema>;

