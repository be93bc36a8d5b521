import { z } from 'zod';
import { metricNameSchema } from './policy.js';

export const verdictSchema = z.enum(['PASS', 'FAIL', 'INCONCLUSIVE']);
export type Verdict = z.infer<typeof verdictSchema>;

/** The decided outcome of one gate, with the evidence behind it. */
export const gateResultSchema = z.object({
  name: z.string(),
  metric: metricNameSchema,
  kind: z.string(),
  critical: z.boolean(),
  /** Baseline and candidate values of the metric (rate in [0,1], quantile or mean); null when there is no data. */
  baseline: z.number().nullable(),
  candidate: z.number().nullable(),
  /** Regression estimate, oriented so that larger is worse: points for proportions, ratio for quantiles/means. */
  estimate: z.number().nullable(),
  lower: z.number().nullable(),
  upper: z.number().nullable(),
  threshold: z.number(),
  unit: z.enum(['points', 'ratio', 'rate', 'count']),
  confidence: z.number(),
  n: z.number().int().nonnegative(),
  method: z.string(),
  verdict: verdictSchema,
  reason: z.string(),
  /** For INCONCLUSIVE: roughly how many cases in total would decide it at the policy's power; null if not computable. */
  samples_needed: z.number().int().nullable(),
  details: z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.null()])).default({}),
});
export type GateResult = z.infer<typeof gateResultSchema>;

/** The label of an evaluation of a partial run (`gate --allow-incomplete`): it can never say PASS. */
export const INCOMPLETE_LABEL = 'INCOMPLETE';

/** What a partial run lacked when it was gated anyway, and the command that completes it. */
export const incompleteRunSchema = z.object({
  /** The run's status when it was gated (pending, running, interrupted, failed; completed only if calls are missing). */
  status: z.string(),
  cases: z.number().int().nonnegative(),
  repeats: z.number().int().positive(),
  /** cases × 2 arms × repeats. */
  expected_calls: z.number().int().nonnegative(),
  answered_calls: z.number().int().nonnegative(),
  missing_calls: z.number().int().nonnegative(),
  /** What to run to complete the run before gating it again. */
  resume: z.string(),
});
export type IncompleteRun = z.infer<typeof incompleteRunSchema>;

/** All gates of one policy evaluated on one run, and the overall decision. */
export const gateEvaluationSchema = z.object({
  verdict: verdictSchema,
  policy: z.object({ name: z.string(), digest: z.string(), confidence: z.number(), decision: z.enum(['interval', 'point']) }),
  gates: z.array(gateResultSchema),
  /** Present when a partial run was gated on request: no gate and no overall verdict of it is PASS. */
  incomplete: incompleteRunSchema.optional(),
});
export type GateEvaluation = z.infer<typeof gateEvaluationSchema>;

/** Overall decision: promote only if every gate passes; any FAIL fails; otherwise not enough evidence. */
export function combineVerdicts(verdicts: readonly Verdict[]): Verdict {
  if (verdicts.length === 0) return 'INCONCLUSIVE';
  if (verdicts.includes('FAIL')) return 'FAIL';
  if (verdicts.every((v) => v === 'PASS')) return 'PASS';
  return 'INCONCLUSIVE';
}

/** CLI exit code of a verdict (DOMAIN.md). */
export function exitCodeForVerdict(verdict: Verdict): 0 | 1 | 3 {
  return verdict === 'PASS' ? 0 : verdict === 'FAIL' ? 1 : 3;
}
