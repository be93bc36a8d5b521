import { z } from 'zod';
import { gateEvaluationSchema } from './gate-result.js';

export const armSchema = z.enum(['baseline', 'candidate']);
export type Arm = z.infer<typeof armSchema>;

export const runStatusSchema = z.enum(['pending', 'running', 'completed', 'interrupted', 'failed']);
export type RunStatus = z.infer<typeof runStatusSchema>;

/** Shard i of n: the part of a replay one machine runs when a CI job splits it (1 ≤ index ≤ count). */
export const shardSchema = z
  .object({ index: z.number().int().min(1), count: z.number().int().min(1) })
  .refine((s) => s.index <= s.count, { message: 'shard index must be ≤ shard count' });
export type Shard = z.infer<typeof shardSchema>;

export const targetRefSchema = z.object({
  name: z.string(),
  model: z.string(),
  fingerprint: z.string(),
  simulated: z.boolean(),
});
export type TargetRef = z.infer<typeof targetRefSchema>;

/** A run as lists show it. */
export const runSummarySchema = z.object({
  id: z.string(),
  created_at: z.string(),
  status: runStatusSchema,
  suite: z.object({ name: z.string(), digest: z.string() }),
  baseline: targetRefSchema,
  candidate: targetRefSchema,
  cases: z.number().int(),
  results: z.number().int(),
  infra_errors: z.number().int(),
  /** Results whose replayed conversation stopped at a tool call no recorded tool result matched. */
  unreplayable_tool_calls: z.number().int().default(0),
  verdict: z.enum(['PASS', 'FAIL', 'INCONCLUSIVE']).nullable(),
  /** Present when the run is one shard of a split replay (it cannot be gated on its own). */
  shard: shardSchema.optional(),
  /** Present when the run was merged from this many shard runs (`canary-gate merge`). */
  merged_shards: z.number().int().optional(),
});
export type RunSummary = z.infer<typeof runSummarySchema>;

/** A run with its latest gate evaluation. */
export const runDetailSchema = runSummarySchema.extend({
  gate: gateEvaluationSchema.nullable(),
  gate_evaluated_at: z.string().nullable(),
});
export type RunDetail = z.infer<typeof runDetailSchema>;

/** Progress of a replay, pushed to the UI as the `replay.progress` event. */
export const replayProgressSchema = z.object({
  runId: z.string(),
  done: z.number().int(),
  total: z.number().int(),
  infraErrors: z.number().int(),
});
export type ReplayProgress = z.infer<typeof replayProgressSchema>;
