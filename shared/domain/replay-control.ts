import { z } from 'zod';

/** A replay the UI asks for: the same choices as `canary-gate replay` (absent = the workspace defaults). */
export const replayRequestSchema = z.object({
  suite: z.string().min(1).optional(),
  baseline: z.string().min(1).optional(),
  candidate: z.string().min(1).optional(),
  repeats: z.number().int().min(1).max(50).optional(),
  concurrency: z.number().int().min(1).max(512).optional(),
  /** Stop spending once the run's estimated spend reaches this (USD). */
  maxCostUsd: z.number().min(0).optional(),
  allowIdenticalTargets: z.boolean().optional(),
});
export type ReplayRequest = z.infer<typeof replayRequestSchema>;

export const replayEstimateSchema = z.object({
  suite: z.object({ name: z.string(), file: z.string(), cases: z.number().int() }),
  baseline: z.object({ name: z.string(), model: z.string(), simulated: z.boolean() }),
  candidate: z.object({ name: z.string(), model: z.string(), simulated: z.boolean() }),
  repeats: z.number().int(),
  calls: z.number().int(),
  cost: z.object({ total: z.number(), baseline: z.number(), candidate: z.number(), unpriced: z.array(z.string()) }),
  /** Both arms are the same frozen target: an A/A run (refused unless allowIdenticalTargets). */
  identical_targets: z.boolean(),
});
export type ReplayEstimate = z.infer<typeof replayEstimateSchema>;

/** A replay started from the UI: it runs in the engine process and reports `replay.progress` events. */
export const replayStartedSchema = z.object({ runId: z.string(), resumed: z.boolean(), calls: z.number().int() });

/** A replay in flight (started here or by another process on the same workspace). */
export const activeReplaySchema = z.object({
  runId: z.string(),
  /** Started by this engine process (it can be cancelled here), or seen through the database (a CLI replay). */
  owner: z.enum(['this_process', 'other_process']),
  holder: z.string().nullable(),
});
export const activeReplaysSchema = z.object({ replays: z.array(activeReplaySchema) });
