import { z } from 'zod';

/** Re-score a run's stored outputs with a suite file's current expectations (no model call). */
export const rescoreInputSchema = z.object({
  runId: z.string().min(1),
  /** A suite file inside the workspace (relative to it); the file the run was replayed from when absent. */
  file: z.string().min(1).optional(),
});

/** What a re-score did: which expectations scored the run, how many changed, the totals and the scorer versions. */
export const rescoreOutcomeSchema = z.object({
  runId: z.string(),
  /** The suite file whose expectations scored the run, or null when the stored ones did (see storedBecause). */
  suite: z.object({ name: z.string(), path: z.string(), digest: z.string() }).nullable(),
  storedBecause: z.string().nullable(),
  casesFromFile: z.number().int(),
  casesStored: z.number().int(),
  casesChanged: z.number().int(),
  results: z.number().int(),
  scores: z.number().int(),
  failed: z.number().int(),
  errors: z.number().int(),
  /** How many scores each scorer version produced. */
  versions: z.record(z.string(), z.number().int()),
});
export type RescoreOutcome = z.infer<typeof rescoreOutcomeSchema>;
