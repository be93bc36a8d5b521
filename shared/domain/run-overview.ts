import { z } from 'zod';
import { gateResultSchema, verdictSchema } from './gate-result.js';

/** One slice of a run gated on its own with the run's policy (same statistics as the gate table). */
export const sliceResultSchema = z.object({
  /** The slice name; null = cases without a slice. */
  slice: z.string().nullable(),
  cases: z.number().int(),
  verdict: verdictSchema,
  gates: z.array(gateResultSchema),
});
export type SliceResult = z.infer<typeof sliceResultSchema>;

export const runSlicesSchema = z.object({
  /** The policy the slices were gated with (the one of the run's latest evaluation), null when the run was never gated. */
  policy: z.object({ name: z.string(), digest: z.string() }).nullable(),
  slices: z.array(sliceResultSchema),
  /** Why there are no slices (never gated; the policy of its evaluation is not at hand), saying what to run. */
  reason: z.string().optional(),
});
export type RunSlices = z.infer<typeof runSlicesSchema>;

/** A histogram with shared bin edges for both arms (log-spaced for latency), plus summary quantiles. */
export const armDistributionSchema = z.object({
  n: z.number().int(),
  counts: z.array(z.number().int()),
  p50: z.number().nullable(),
  p90: z.number().nullable(),
  p95: z.number().nullable(),
  p99: z.number().nullable(),
  mean: z.number().nullable(),
  total: z.number().nullable(),
});
export const distributionSchema = z.object({
  unit: z.enum(['ms', 'usd']),
  /** counts[i] falls in [edges[i], edges[i+1]); edges has one more element than counts. */
  edges: z.array(z.number()),
  baseline: armDistributionSchema,
  candidate: armDistributionSchema,
});
export type Distribution = z.infer<typeof distributionSchema>;

export const runDistributionsSchema = z.object({
  latency: distributionSchema,
  cost: distributionSchema,
});
export type RunDistributions = z.infer<typeof runDistributionsSchema>;

/** One side of the target diff: the frozen target as stored with the run (secrets never included). */
export const targetSideSchema = z.object({
  name: z.string(),
  fingerprint: z.string(),
  provider: z.string(),
  model: z.string(),
  base_url: z.string(),
  simulated: z.boolean(),
  params: z.record(z.string(), z.unknown()),
  /** The system prompt or template the target adds, as text ('' when none). */
  system_prompt: z.string(),
  /** The template the target wraps the user's last message in (`{{message}}` stands for it); absent when none. */
  prompt_template: z.string().optional(),
  tools: z.array(z.string()),
  tool_policy: z.string().nullable(),
});
export type TargetSide = z.infer<typeof targetSideSchema>;

export const targetDiffSchema = z.object({
  baseline: targetSideSchema,
  candidate: targetSideSchema,
  /** The fields that differ, by dotted path (e.g. "model", "params.temperature", "system_prompt"). */
  changed: z.array(z.object({ field: z.string(), baseline: z.string(), candidate: z.string() })),
  /** Same fingerprint on both sides: an A/A run. */
  identical: z.boolean(),
});
export type TargetDiff = z.infer<typeof targetDiffSchema>;

/** The signed gate reports written for a run, newest first. */
export const runReportsSchema = z.object({
  reports: z.array(
    z.object({
      created_at: z.string(),
      out_dir: z.string(),
      signed: z.boolean(),
      verdict: verdictSchema.nullable(),
      report_sha256: z.string(),
      /** Whether out_dir's gate-report.json is still this report (a later gate may have written over it). */
      current: z.boolean().optional(),
      files: z.array(z.object({ name: z.string(), path: z.string(), exists: z.boolean() })),
    }),
  ),
});
export type RunReports = z.infer<typeof runReportsSchema>;
