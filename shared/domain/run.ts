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
  /** Calls the run makes in all (cases × 2 arms × repeats); absent from older servers. */
  expected_calls: z.number().int().optional(),
  /** Of those, the calls with no result yet: more than 0 means a partial run (not gateable as it stands). */
  missing_calls: z.number().int().optional(),
});
export type RunSummary = z.infer<typeof runSummarySchema>;

/** The label of a run whose two arms are the same frozen target. */
export const AA_LABEL = 'A/A';

/**
 * An A/A run: baseline and candidate have the same target fingerprint, so the run compares a target with itself
 * and its gates say nothing about a change. Derived from the stored fingerprints, never stored.
 */
export function isAaRun(run: { baseline: Pick<TargetRef, 'fingerprint'>; candidate: Pick<TargetRef, 'fingerprint'> }): boolean {
  return run.baseline.fingerprint === run.candidate.fingerprint;
}

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
  /** Calls per second over the last few seconds (absent in the first event). */
  callsPerSecond: z.number().optional(),
  /** Spend so far in USD at the workspace prices. */
  spentUsd: z.number().optional(),
  /** running until the last event, which says how the replay ended. */
  state: z.enum(['running', 'completed', 'cancelled', 'interrupted', 'failed']).optional(),
  /** For state failed: what went wrong, in words a user can act on. */
  message: z.string().optional(),
});
export type ReplayProgress = z.infer<typeof replayProgressSchema>;
