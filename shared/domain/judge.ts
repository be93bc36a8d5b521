import { z } from 'zod';
import { configObject } from './config-object.js';

/**
 * A suite's pairwise judge: for each case a judge model compares the baseline's and the candidate's answers
 * against the rubric, asked in both orders to cancel position bias (a disagreement between the orders is a tie).
 */
export const pairwiseJudgeSchema = configObject({
  rubric: z.string().min(1),
  /** The judge target (a name under `targets:`); defaults to `defaults.judge` of canary-gate.yaml. */
  judge: z.string().min(1).optional(),
  /** Only the cases of these slices (all cases when absent). */
  slices: z.array(z.string().min(1)).min(1).optional(),
});
export type PairwiseJudge = z.infer<typeof pairwiseJudgeSchema>;
