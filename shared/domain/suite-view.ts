import { z } from 'zod';
import { attemptDetailSchema, caseDetailSchema, facetCountSchema } from './case-review.js';
import { severitySchema } from './scorer-spec.js';
import { caseOriginSchema, caseStatusSchema } from './suite.js';

/**
 * What the Suites screen reads and writes: suite YAML files, their cases with facets, one case with its lint
 * findings and latest-run outputs, and the verdicts an edited expectation would give on those outputs.
 */

/** A suite file, named by its path relative to the workspace root (forward slashes), e.g. `evals/suites/pii.yaml`. */
export const suiteFilePathSchema = z
  .string()
  .min(1)
  .max(500)
  .regex(/\.ya?ml$/i, 'a .yaml or .yml file');

/** One problem `suite lint` finds: where it is and what to do about it (info: a to-do, such as a draft awaiting review). */
export const suiteLintFindingSchema = z.object({
  severity: z.enum(['error', 'warning', 'info']),
  /** A short stable name of the rule, e.g. `placeholder-in-contains`. */
  rule: z.string(),
  message: z.string(),
  /** The case it is about; null for the whole file (e.g. an empty slice). */
  case_id: z.string().nullable(),
  field: z.string().nullable(),
  line: z.number().int().nullable(),
});
export type SuiteLintFinding = z.infer<typeof suiteLintFindingSchema>;

export const statusCountsSchema = z.object({ draft: z.number().int(), active: z.number().int(), retired: z.number().int() });

/** One suite file of the workspace, for the list of suites. */
export const suiteSummarySchema = z.object({
  file: z.string(),
  /** The suite's `name`; null when the file cannot be read. */
  name: z.string().nullable(),
  description: z.string().nullable(),
  /** Cases written in the file. */
  cases: z.number().int(),
  by_status: statusCountsSchema,
  by_slice: z.array(facetCountSchema),
  /** Present when the suite also selects imported traffic at replay time (those cases are not in the file). */
  traffic_slices: z.array(z.string()).nullable(),
  lint: z.object({ errors: z.number().int(), warnings: z.number().int() }),
  /** Why the file cannot be read (file:line: field: message); null when it can. */
  error: z.string().nullable(),
  /** The workspace's default suite (defaults.suite of canary-gate.yaml). */
  is_default: z.boolean(),
});
export type SuiteSummary = z.infer<typeof suiteSummarySchema>;

export const suiteListSchema = z.object({ suites: z.array(suiteSummarySchema) });

/** Narrows a suite's case list; every field is a plain string or boolean because the URL holds it. */
export const suiteCaseFilterSchema = z.object({
  status: caseStatusSchema.optional(),
  slice: z.string().optional(),
  origin: caseOriginSchema.optional(),
  severity: severitySchema.optional(),
  tag: z.string().optional(),
  /** Only cases with lint errors or warnings. */
  flagged: z.boolean().optional(),
  /** Words that must all appear in the case id, its messages or its expectations (case-insensitive). */
  q: z.string().max(500).optional(),
});
export type SuiteCaseFilter = z.infer<typeof suiteCaseFilterSchema>;

export const suiteCaseSortSchema = z.enum(['file', 'id', 'slice', 'status', 'flagged_first']);
export type SuiteCaseSort = z.infer<typeof suiteCaseSortSchema>;

export const suiteCasesInputSchema = z.object({
  file: suiteFilePathSchema,
  filter: suiteCaseFilterSchema.default({}),
  sort: suiteCaseSortSchema.default('file'),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(100),
});

export const suiteCaseRowSchema = z.object({
  case_id: z.string(),
  /** Position in the file. */
  index: z.number().int(),
  line: z.number().int().nullable(),
  slice: z.string().nullable(),
  status: caseStatusSchema,
  origin: caseOriginSchema,
  severity: severitySchema,
  tags: z.array(z.string()),
  /** The last user message, shortened. */
  preview: z.string(),
  /** The expectations' names (type and main parameter). */
  expectations: z.array(z.string()),
  lint_errors: z.number().int(),
  lint_warnings: z.number().int(),
});
export type SuiteCaseRow = z.infer<typeof suiteCaseRowSchema>;

export const suiteCaseListSchema = z.object({
  file: z.string(),
  rows: z.array(suiteCaseRowSchema),
  total: z.number().int(),
  /** Cases in the file, unfiltered. */
  suite_cases: z.number().int(),
  /**
   * Lint findings about the whole file or about cases its traffic selection gives at replay time (not written in
   * the file, so no row shows them): e.g. the captured labels of a traffic slice that require a redaction placeholder.
   */
  file_findings: z.array(suiteLintFindingSchema).default([]),
  /** Counts per value under every filter except the facet's own. */
  facets: z.object({
    status: z.array(facetCountSchema),
    slice: z.array(facetCountSchema),
    origin: z.array(facetCountSchema),
    severity: z.array(facetCountSchema),
    tag: z.array(facetCountSchema),
    flagged: z.number().int(),
  }),
});
export type SuiteCaseList = z.infer<typeof suiteCaseListSchema>;

/** Where a case came from: a structured source, or the plain string older files hold. */
export const suiteProvenanceSchema = z.object({
  source: z.string().nullable(),
  file: z.string().nullable(),
  line: z.number().int().nullable(),
  trace_id: z.string().nullable(),
  sample_id: z.union([z.string(), z.number()]).nullable(),
  captured_at: z.string().nullable(),
  /** The provenance as written, when it is a plain string. */
  text: z.string().nullable(),
});

export const statusChangeSchema = z.object({ status: caseStatusSchema, by: z.string(), at: z.string() });

/** The stored outputs of one arm of the latest run that has the case. */
export const suiteCaseArmSchema = z.object({ model: z.string(), attempts: z.array(attemptDetailSchema) });

export const latestRunSchema = z.object({
  run_id: z.string(),
  created_at: z.string(),
  /** The suite the run replayed (by name); may differ from this file's when the case came into it from another. */
  suite_name: z.string(),
  baseline: suiteCaseArmSchema,
  candidate: suiteCaseArmSchema,
});

/** One case of a suite file, as the case pane shows it. */
export const suiteCaseDetailSchema = z.object({
  file: z.string(),
  case_id: z.string(),
  index: z.number().int(),
  line: z.number().int().nullable(),
  slice: z.string().nullable(),
  status: caseStatusSchema,
  origin: caseOriginSchema,
  severity: severitySchema,
  tags: z.array(z.string()),
  cluster: z.string().nullable(),
  provenance: suiteProvenanceSchema.nullable(),
  status_history: z.array(statusChangeSchema),
  input: caseDetailSchema.shape.input,
  /** The reference answer the similarity scorer compares with, when the case has one. */
  reference: z.string().nullable(),
  expectations: z.array(z.unknown()),
  /** The `expectations` list as YAML text, comments included: what the editor starts from. */
  expectations_yaml: z.string(),
  /** Identifies this version of the case: saving sends it back so an edit made on disk meanwhile is not overwritten. */
  revision: z.string(),
  findings: z.array(suiteLintFindingSchema),
  /** The newest run that replayed a case with this id; null when none has. */
  latest_run: latestRunSchema.nullable(),
});
export type SuiteCaseDetail = z.infer<typeof suiteCaseDetailSchema>;

const caseRef = { file: suiteFilePathSchema, caseId: z.string().min(1).max(500) };
export const suiteCaseInputSchema = z.object(caseRef);

export const setCaseStatusInputSchema = z.object({ ...caseRef, status: caseStatusSchema });
export const setCaseStatusOutputSchema = z.object({ case_id: z.string(), status: caseStatusSchema, status_history: z.array(statusChangeSchema) });

/** A draft case from a traffic sample, or from a case of a run (the side-by-side view). */
export const addCaseSourceSchema = z.union([
  z.object({ sampleId: z.number().int() }),
  z.object({ runId: z.string().min(1), caseId: z.string().min(1) }),
]);
export const addCaseInputSchema = z.object({ file: suiteFilePathSchema, from: addCaseSourceSchema });
export const addCaseOutputSchema = z.object({
  file: z.string(),
  case_id: z.string(),
  /** False when the suite already had a case with this id (nothing was written). */
  added: z.boolean(),
  line: z.number().int().nullable(),
});

/** A problem in the editor's text: its line in that text, the field, and what is wrong. */
export const expectationProblemSchema = z.object({ line: z.number().int().nullable(), field: z.string().nullable(), message: z.string() });
export type ExpectationProblem = z.infer<typeof expectationProblemSchema>;

export const previewInputSchema = z.object({
  ...caseRef,
  /** The editor's text: a YAML list of expectations (a single mapping counts as a list of one). */
  yaml: z.string().max(200_000),
});

export const previewVerdictSchema = z.object({
  attempt: z.number().int(),
  /** pass/fail as scored; error when the scorer could not decide; skipped when there is no answer to score or the scorer runs only in a replay (judges, custom). */
  verdict: z.enum(['pass', 'fail', 'error', 'skipped']),
  reason: z.string(),
  value: z.number().nullable(),
});
export type PreviewVerdict = z.infer<typeof previewVerdictSchema>;

export const previewExpectationSchema = z.object({
  /** Position in the editor's list. */
  index: z.number().int(),
  name: z.string(),
  type: z.string(),
  line: z.number().int().nullable(),
  baseline: z.array(previewVerdictSchema),
  candidate: z.array(previewVerdictSchema),
});
export type PreviewExpectation = z.infer<typeof previewExpectationSchema>;

export const previewOutputSchema = z.object({
  /** Problems of the text; expectations with one are not previewed, the others are. */
  problems: z.array(expectationProblemSchema),
  /** The run whose stored outputs were scored; null when no run has the case (then `note` says so). */
  run: z.object({ run_id: z.string(), created_at: z.string(), baseline_model: z.string(), candidate_model: z.string() }).nullable(),
  note: z.string().nullable(),
  expectations: z.array(previewExpectationSchema),
});
export type PreviewOutput = z.infer<typeof previewOutputSchema>;

export const saveExpectationsInputSchema = z.object({
  ...caseRef,
  yaml: z.string().max(200_000),
  /** The `revision` the editor started from; a different one on disk is refused rather than overwritten. */
  revision: z.string().optional(),
});
export const saveExpectationsOutputSchema = z.object({ case_id: z.string(), revision: z.string(), expectations: z.array(z.unknown()), findings: z.array(suiteLintFindingSchema) });
