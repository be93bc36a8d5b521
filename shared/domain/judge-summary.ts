import { z } from 'zod';
import { intervalEstimateSchema } from './review-votes.js';

/** Grades a rubric judge gave one arm's answers. */
export const rubricArmSummarySchema = z.object({
  graded: z.number().int(),
  passed: z.number().int(),
  meanGrade: z.number().nullable(),
});

/**
 * What the judges said about a run: the pairwise judge's candidate win rate (ties explicit, as in the blind review)
 * with position-bias statistics, and the rubric judges' grades per arm; judge errors and what the judges cost.
 */
export const judgeSummarySchema = z.object({
  runId: z.string(),
  pairwise: z
    .object({
      judge: z.string(),
      /** (case, attempt) pairs both of whose orders have a verdict. */
      pairs: z.number().int(),
      cases: z.number().int(),
      /** Per pair, after mapping both orders back to arms; orders that disagree make a tie. */
      counts: z.object({ candidate: z.number().int(), baseline: z.number().int(), tie: z.number().int() }),
      /** candidate / (candidate + baseline) over the pairs (clustered by case). */
      candidateWinRate: intervalEstimateSchema,
      /** Ties (said, or made by disagreeing orders) over all pairs. */
      tieRate: intervalEstimateSchema,
      /** Of the single-order verdicts that picked an answer, the share that picked the one shown first (0.5 = no position bias). */
      firstPositionRate: intervalEstimateSchema,
      /** Of the pairs, the share whose two orders mapped to different verdicts. */
      orderDisagreementRate: intervalEstimateSchema,
      judgements: z.number().int(),
      judgeErrors: z.number().int(),
      costUsd: z.number(),
    })
    .nullable(),
  rubric: z
    .object({
      judgements: z.number().int(),
      judgeErrors: z.number().int(),
      costUsd: z.number(),
      baseline: rubricArmSummarySchema,
      candidate: rubricArmSummarySchema,
    })
    .nullable(),
  /** Judge calls made and answered from the response cache, over both kinds. */
  calls: z.number().int(),
  cacheHits: z.number().int(),
  costUsd: z.number(),
});
export type JudgeSummary = z.infer<typeof judgeSummarySchema>;
