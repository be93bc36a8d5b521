import { z } from 'zod';

/** A reviewer's verdict on one case, given blind (sides shuffled, names hidden). */
export const voteChoiceSchema = z.enum(['baseline', 'candidate', 'tie', 'both_bad']);
export type VoteChoice = z.infer<typeof voteChoiceSchema>;

export const reviewerNameSchema = z.string().trim().min(1).max(80);

export const voteSchema = z.object({
  reviewer: z.string(),
  run_id: z.string(),
  case_id: z.string(),
  choice: voteChoiceSchema,
  note: z.string().nullable(),
  /** Which side the baseline was shown on, so a vote can be audited against what the reviewer saw. */
  baseline_side: z.enum(['left', 'right']),
  voted_at: z.string(),
});
export type Vote = z.infer<typeof voteSchema>;

export const castVoteInputSchema = z.object({
  runId: z.string().min(1),
  caseId: z.string().min(1),
  reviewer: reviewerNameSchema,
  choice: voteChoiceSchema,
  note: z.string().max(4000).optional(),
  baselineSide: z.enum(['left', 'right']),
});

/** An estimate with its interval (level = the confidence, e.g. 0.95). */
export const intervalEstimateSchema = z.object({
  estimate: z.number().nullable(),
  lower: z.number().nullable(),
  upper: z.number().nullable(),
  level: z.number(),
  method: z.string(),
  /** Why the estimate or its interval is null (no decisive votes, every vote on one case, every rating one choice). */
  reason: z.string().optional(),
});
export type IntervalEstimate = z.infer<typeof intervalEstimateSchema>;

/** What the votes on a run say: a preference rate with ties explicit, and agreement between reviewers. */
export const voteSummarySchema = z.object({
  run_id: z.string(),
  votes: z.number().int(),
  cases_voted: z.number().int(),
  reviewers: z.array(z.object({ reviewer: z.string(), votes: z.number().int() })),
  counts: z.object({ baseline: z.number().int(), candidate: z.number().int(), tie: z.number().int(), both_bad: z.number().int() }),
  /** Share of decisive votes (baseline or candidate) preferring the candidate; ties and both-bad are left out of it and counted separately. */
  candidate_preference: intervalEstimateSchema,
  /** Share of all votes that are ties (tie or both_bad). */
  tie_rate: intervalEstimateSchema,
  /** Share of all votes that find both answers bad. */
  both_bad_rate: intervalEstimateSchema,
  /** Cohen's kappa for two reviewers, Fleiss' kappa for more; null with fewer than two reviewers on common cases. */
  agreement: intervalEstimateSchema.extend({ statistic: z.enum(['cohen_kappa', 'fleiss_kappa']), raters: z.number().int(), items: z.number().int() }).nullable(),
});
export type VoteSummary = z.infer<typeof voteSummarySchema>;
