import { z } from 'zod';
import { caseOriginSchema } from './suite.js';
import { failureCategorySchema, severitySchema } from './scorer-spec.js';
import { metricNameSchema } from './policy.js';

/**
 * How a case's outcome moved between the arms, on the gate's metric when a gate is selected, else on task
 * success: regression = baseline passed and candidate failed; unjudged = an arm has no judged answer
 * (infra error, unreplayable tool call, missing result, or the metric does not apply to the case).
 */
export const outcomeChangeSchema = z.enum(['regression', 'improvement', 'both_fail', 'both_pass', 'unjudged']);
export type OutcomeChange = z.infer<typeof outcomeChangeSchema>;

/** Whether a case is one of the pairs a gate's estimate uses, or was left out of it (and why). */
export const gateMembershipSchema = z.enum(['used', 'excluded', 'excluded_infra', 'excluded_unreplayable']);
export type GateMembership = z.infer<typeof gateMembershipSchema>;

/**
 * The filter of a run's case list. Every field narrows; absent = any. It is what the URL of the case list
 * holds, so every value is a plain string or boolean.
 */
export const caseFilterSchema = z.object({
  slice: z.string().optional(),
  tag: z.string().optional(),
  severity: severitySchema.optional(),
  origin: caseOriginSchema.optional(),
  /** A gate of the run's latest evaluation, by name: only the cases behind its estimate (see `membership`). */
  gate: z.string().optional(),
  /** With `gate`: the pairs the estimate used (default) or the cases it left out. */
  membership: gateMembershipSchema.optional(),
  change: outcomeChangeSchema.optional(),
  /** An expectation (by name) that failed in either arm. */
  failed: z.string().optional(),
  /** Failures of this category in either arm. */
  category: failureCategorySchema.optional(),
  /** Cases with an infra error in either arm. */
  infra: z.boolean().optional(),
  /** Cases stopped at a tool call no recorded result matched, in either arm. */
  unreplayable: z.boolean().optional(),
  /** Full-text search over the input and both outputs (SQLite FTS5 query syntax, words are AND-ed). */
  q: z.string().max(500).optional(),
});
export type CaseFilter = z.infer<typeof caseFilterSchema>;

export const caseSortSchema = z.enum(['suite', 'case_id', 'regressions_first', 'latency_ratio', 'cost_ratio', 'slice']);
export type CaseSort = z.infer<typeof caseSortSchema>;

/** One arm of a case as the list shows it (means over repeats). */
export const armSummarySchema = z.object({
  status: z.enum(['ok', 'infra_error', 'unreplayable', 'missing']),
  /** Share of attempts passing every expectation (task success), null when nothing was judged. */
  passed: z.number().nullable(),
  latency_ms: z.number().nullable(),
  cost_usd: z.number().nullable(),
  /** Names of the expectations that failed in at least one attempt. */
  failed: z.array(z.string()),
});
export type ArmSummary = z.infer<typeof armSummarySchema>;

/** What names and labels a case, in the list and in its detail alike. */
const caseLabelsShape = {
  case_id: z.string(),
  /** Position of the case in its suite: a stable order. */
  index: z.number().int(),
  slice: z.string().nullable(),
  tags: z.array(z.string()),
  severity: severitySchema,
  origin: caseOriginSchema,
};

export const caseRowSchema = z.object({
  ...caseLabelsShape,
  change: outcomeChangeSchema,
  /** The last user message, shortened: enough to recognise the case in a list. */
  preview: z.string(),
  baseline: armSummarySchema,
  candidate: armSummarySchema,
  /** candidate ÷ baseline, null when either is missing or the baseline is 0. */
  latency_ratio: z.number().nullable(),
  cost_ratio: z.number().nullable(),
});
export type CaseRow = z.infer<typeof caseRowSchema>;

export const facetCountSchema = z.object({ value: z.string(), count: z.number().int() });
export type FacetCount = z.infer<typeof facetCountSchema>;

/**
 * Counts per value of each facet, under every filter except the facet's own (so choosing a value shows what
 * the other values would give).
 */
export const caseFacetsSchema = z.object({
  slice: z.array(facetCountSchema),
  tag: z.array(facetCountSchema),
  severity: z.array(facetCountSchema),
  origin: z.array(facetCountSchema),
  change: z.array(facetCountSchema),
  failed: z.array(facetCountSchema),
  category: z.array(facetCountSchema),
  infra: z.number().int(),
  unreplayable: z.number().int(),
});
export type CaseFacets = z.infer<typeof caseFacetsSchema>;

export const caseListInputSchema = z.object({
  runId: z.string().min(1),
  filter: caseFilterSchema.default({}),
  sort: caseSortSchema.default('suite'),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(100),
});

export const caseListSchema = z.object({
  rows: z.array(caseRowSchema),
  /** Cases matching the filter. */
  total: z.number().int(),
  /** Cases in the run, unfiltered. */
  run_cases: z.number().int(),
  facets: caseFacetsSchema,
  /** The metric `change` was computed on (the selected gate's, else task_success). */
  change_metric: metricNameSchema,
});
export type CaseList = z.infer<typeof caseListSchema>;

export const scoreDetailSchema = z.object({
  name: z.string(),
  scorer: z.string(),
  passed: z.boolean(),
  severity: severitySchema,
  category: failureCategorySchema,
  /** Why it passed or failed: the pattern that matched, the fabricated citation id, the refusal phrase. */
  reason: z.string(),
});
export type ScoreDetail = z.infer<typeof scoreDetailSchema>;

export const attemptToolCallSchema = z.object({
  id: z.string().nullable(),
  name: z.string(),
  arguments: z.string(),
  /** The recorded tool result that answered this call during replay; null when none matched. */
  result: z.string().nullable(),
});

export const attemptDetailSchema = z.object({
  attempt: z.number().int(),
  status: z.enum(['ok', 'infra_error']),
  unreplayable_tool_call: z.boolean(),
  output_text: z.string().nullable(),
  finish_reason: z.string().nullable(),
  tool_calls: z.array(attemptToolCallSchema),
  error: z.string().nullable(),
  latency_ms: z.number().nullable(),
  prompt_tokens: z.number().int().nullable(),
  completion_tokens: z.number().int().nullable(),
  cost_usd: z.number().nullable(),
  scores: z.array(scoreDetailSchema),
});
export type AttemptDetail = z.infer<typeof attemptDetailSchema>;

export const caseMessageSchema = z.object({
  role: z.string(),
  text: z.string(),
  name: z.string().nullable(),
  tool_calls: z.array(z.object({ name: z.string(), arguments: z.string() })),
});

/** Everything about one case of a run: input, and both arms' attempts with their scores and reasons. */
export const caseDetailSchema = z.object({
  run_id: z.string(),
  ...caseLabelsShape,
  status: z.string(),
  provenance: z.string().nullable(),
  cluster: z.string().nullable(),
  change: outcomeChangeSchema,
  input: z.object({
    messages: z.array(caseMessageSchema),
    tools: z.array(z.unknown()),
    tool_results: z.array(z.object({ name: z.string(), arguments: z.string(), content: z.string() })),
    documents: z.array(z.object({ id: z.string(), title: z.string().nullable(), text: z.string() })),
    params: z.record(z.string(), z.unknown()),
  }),
  expectations: z.array(z.unknown()),
  baseline: z.array(attemptDetailSchema),
  candidate: z.array(attemptDetailSchema),
});
export type CaseDetail = z.infer<typeof caseDetailSchema>;

/** The cases behind one gate's estimate, for the drill-down from the gate table (capped lists + full counts). */
export const gateDrilldownSchema = z.object({
  gate: z.string(),
  metric: metricNameSchema,
  /** Pairs the estimate used. */
  used: z.number().int(),
  regressions: z.object({ count: z.number().int(), case_ids: z.array(z.string()) }),
  improvements: z.object({ count: z.number().int(), case_ids: z.array(z.string()) }),
  excluded: z.object({
    infra_error: z.object({ count: z.number().int(), case_ids: z.array(z.string()) }),
    unreplayable: z.object({ count: z.number().int(), case_ids: z.array(z.string()) }),
    missing_arm: z.number().int(),
    not_applicable: z.number().int(),
  }),
  /** For latency and cost gates: the cases with the largest candidate ÷ baseline ratios. */
  largest_ratios: z.array(z.object({ case_id: z.string(), ratio: z.number() })),
});
export type GateDrilldown = z.infer<typeof gateDrilldownSchema>;
