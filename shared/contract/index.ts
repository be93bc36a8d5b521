import { z } from 'zod';
import { replayProgressSchema, runDetailSchema, runSummarySchema } from '../domain/run.js';
import { importPreviewSchema, importProgressSchema, importRequestSchema, importResultSchema } from '../domain/import.js';
import { caseDetailSchema, caseListInputSchema, caseListSchema, gateDrilldownSchema } from '../domain/case-review.js';
import { runDistributionsSchema, runReportsSchema, runSlicesSchema, targetDiffSchema } from '../domain/run-overview.js';
import { castVoteInputSchema, reviewerNameSchema, voteSchema, voteSummarySchema } from '../domain/review-votes.js';
import { activeReplaysSchema, replayEstimateSchema, replayRequestSchema, replayStartedSchema } from '../domain/replay-control.js';
import { rescoreInputSchema, rescoreOutcomeSchema } from '../domain/rescore.js';
import { trafficDetailSchema, trafficListInputSchema, trafficListSchema } from '../domain/traffic.js';
import { judgeSummarySchema } from '../domain/judge-summary.js';
import {
  addCaseInputSchema,
  addCaseOutputSchema,
  previewInputSchema,
  previewOutputSchema,
  saveExpectationsInputSchema,
  saveExpectationsOutputSchema,
  setCaseStatusInputSchema,
  setCaseStatusOutputSchema,
  suiteCaseDetailSchema,
  suiteCaseInputSchema,
  suiteCaseListSchema,
  suiteCasesInputSchema,
  suiteListSchema,
} from '../domain/suite-view.js';

const runIdInput = z.object({ runId: z.string().min(1) });

/**
 * The one contract between the UI and the engine. Every method is declared once here; the Electron IPC
 * transport and the HTTP transport both carry exactly these calls to the same dispatch.
 */
export const contract = {
  'workspace.info': {
    input: z.object({}),
    output: z.object({
      root: z.string(),
      database: z.string(),
      version: z.string(),
      /** The reviewer name kept in the workspace (asked once by the blind review); null until given. */
      reviewer: z.string().nullable().default(null),
    }),
  },
  /** Keeps the reviewer's name in the workspace so the blind review asks for it once. */
  'workspace.setReviewer': {
    input: z.object({ reviewer: reviewerNameSchema }),
    output: z.object({ reviewer: z.string() }),
  },
  'runs.list': {
    input: z.object({ limit: z.number().int().min(1).max(500).default(50), offset: z.number().int().min(0).default(0) }),
    output: z.object({ runs: z.array(runSummarySchema), total: z.number().int() }),
  },
  'runs.get': {
    input: runIdInput,
    output: runDetailSchema,
  },
  /** Each slice gated on its own with the run's policy, by the same statistics as the gate table. */
  'runs.slices': { input: runIdInput, output: runSlicesSchema },
  /** Latency and cost distributions of both arms. */
  'runs.distributions': { input: runIdInput, output: runDistributionsSchema },
  /** What differs between the run's baseline and candidate targets. */
  'runs.targetDiff': { input: runIdInput, output: targetDiffSchema },
  /** The gate reports written for the run and their files. */
  'runs.reports': { input: runIdInput, output: runReportsSchema },
  /** A page of a run's cases with filters, sort and facet counts, computed in the engine. */
  'cases.list': { input: caseListInputSchema, output: caseListSchema },
  /** One case of a run: input, both arms' attempts, scores with reasons. */
  'cases.get': { input: z.object({ runId: z.string().min(1), caseId: z.string().min(1) }), output: caseDetailSchema },
  /** The cases behind one gate's estimate. */
  'gates.drilldown': { input: z.object({ runId: z.string().min(1), gate: z.string().min(1) }), output: gateDrilldownSchema },
  /** Records (or replaces) a reviewer's blind vote on a case. */
  'reviews.vote': { input: castVoteInputSchema, output: voteSchema },
  /** The votes on a run (all reviewers, or one), oldest first; also what the JSONL export writes. */
  'reviews.list': {
    input: z.object({ runId: z.string().min(1), reviewer: z.string().optional() }),
    output: z.object({ votes: z.array(voteSchema) }),
  },
  /** Preference rate and agreement between reviewers, with intervals. */
  'reviews.summary': { input: runIdInput, output: voteSummarySchema },
  /** The calls and cost a replay would make, before starting it. */
  'replay.estimate': { input: replayRequestSchema, output: replayEstimateSchema },
  /** Starts a replay in the engine process; progress arrives as `replay.progress` events. */
  'replay.start': { input: replayRequestSchema, output: replayStartedSchema },
  /** Resumes an interrupted or partial run. */
  'replay.resume': { input: runIdInput.extend({ concurrency: z.number().int().min(1).max(512).optional(), maxCostUsd: z.number().min(0).optional() }), output: replayStartedSchema },
  /** Cancels a replay this process runs; what was answered is kept and the run can be resumed. */
  'replay.cancel': { input: runIdInput, output: z.object({ cancelled: z.boolean() }) },
  /** Replays in flight on this workspace, from this process or another (a CLI replay). */
  'replay.active': { input: z.object({}), output: activeReplaysSchema },
  /** A page of the imported traffic with facets. */
  'traffic.list': { input: trafficListInputSchema, output: trafficListSchema },
  /** One imported sample as stored (redacted). */
  'traffic.get': { input: z.object({ id: z.number().int() }), output: trafficDetailSchema },
  /** A dry run: which format each file is, the first samples as they would be stored (redacted), what was redacted. */
  'import.preview': {
    input: importRequestSchema.extend({ limit: z.number().int().min(1).max(200).default(20) }),
    output: importPreviewSchema,
  },
  /** Imports for real, with the same settings the preview showed. */
  'import.run': {
    input: importRequestSchema,
    output: importResultSchema,
  },
  /** The workspace's suite files with counts by status and slice and their lint summary. */
  'suites.list': { input: z.object({}), output: suiteListSchema },
  /** A page of a suite file's cases with facets (status, slice, origin, severity, tag, flagged), search and sort. */
  'suites.cases': { input: suiteCasesInputSchema, output: suiteCaseListSchema },
  /** One case of a suite file: input, expectations (as YAML), provenance, status history, lint findings, latest-run outputs. */
  'suites.case': { input: suiteCaseInputSchema, output: suiteCaseDetailSchema },
  /** Moves a case to draft, active or retired, recording the workspace reviewer and the time in the file. */
  'suites.setStatus': { input: setCaseStatusInputSchema, output: setCaseStatusOutputSchema },
  /** Appends a draft case made from a traffic sample or from a run's case to a suite file. */
  'suites.addCase': { input: addCaseInputSchema, output: addCaseOutputSchema },
  /** The verdicts edited expectations would give on the stored outputs of both arms of the latest run with the case. */
  'suites.previewExpectation': { input: previewInputSchema, output: previewOutputSchema },
  /** Writes a case's edited expectations back into its suite file, keeping the file's comments and order. */
  'suites.saveExpectations': { input: saveExpectationsInputSchema, output: saveExpectationsOutputSchema },
  /** What the judges said about a run: the pairwise win rate with its interval, position bias, rubric grades, judge errors and cost. */
  'judges.summary': { input: runIdInput, output: judgeSummarySchema },
  /**
   * Re-scores a run's stored outputs with a suite file's current expectations and scorers, without any model call
   * (what `canary-gate score` does); the gates keep their verdicts until the run is gated again.
   */
  'runs.rescore': { input: rescoreInputSchema, output: rescoreOutcomeSchema },
} as const;

export type Contract = typeof contract;
export type Method = keyof Contract;
export type MethodInput<M extends Method> = z.input<Contract[M]['input']>;
export type MethodParsedInput<M extends Method> = z.output<Contract[M]['input']>;
export type MethodOutput<M extends Method> = z.output<Contract[M]['output']>;
export const methods = Object.keys(contract) as Method[];

/** Events the engine pushes to the UI. */
export const events = {
  'replay.progress': replayProgressSchema,
  'import.progress': importProgressSchema,
  /** The workspace database changed from outside this process (a CLI replay, import or gate): views refresh. */
  'workspace.changed': z.object({ dataVersion: z.number().int() }),
} as const;
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export const errorCodes = ['bad_input', 'not_found', 'infra', 'internal'] as const;
export type ErrorCode = (typeof errorCodes)[number];

/** Errors travel as data so every transport keeps the code, not just the message. */
export type CallResult<T> = { ok: true; value: T } | { ok: false; error: { code: ErrorCode; message: string } };

/** What the renderer talks to, whichever transport is underneath. */
export interface WorkbenchClient {
  call<M extends Method>(method: M, input: MethodInput<M>): Promise<CallResult<MethodOutput<M>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}
