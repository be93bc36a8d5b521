import { z } from 'zod';
import { chatMessageSchema, contextDocumentSchema } from './capture.js';
import { configObject } from './config-object.js';
import { configScorerSpecSchema, severitySchema } from './scorer-spec.js';
import { pairwiseJudgeSchema } from './judge.js';

export const caseOriginSchema = z.enum(['traffic', 'canary-failure', 'manual']);
export const caseStatusSchema = z.enum(['draft', 'active', 'retired']);
export type CaseStatus = z.infer<typeof caseStatusSchema>;

/**
 * A tool call the application answered in production, and what the tool returned: replay answers a model's
 * matching call (same tool, arguments equal after normalisation) with this content instead of running the tool.
 */
export const recordedToolResultSchema = configObject({
  name: z.string().min(1),
  /** The call's arguments as a JSON string, as Chat Completions carries them. */
  arguments: z.string(),
  content: z.string(),
});
export type RecordedToolResult = z.infer<typeof recordedToolResultSchema>;

/** What a case sends to the model: the conversation, tools, and the context documents it was given. */
export const caseInputSchema = configObject({
  /** Chat Completions messages, sent to the model as written (a loose schema, shared with captured traffic). */
  messages: z.array(chatMessageSchema).min(1),
  /** Chat Completions tool definitions, sent as written. */
  tools: z.array(z.unknown()).optional(),
  /** Recorded tool results the replayed model's tool calls are answered from. */
  tool_results: z.array(recordedToolResultSchema).optional(),
  /** Request parameters passed through to the provider (open, like a target's `params`). */
  params: z.record(z.string(), z.unknown()).optional(),
  documents: z.array(configObject(contextDocumentSchema.shape)).optional(),
});
export type CaseInput = z.infer<typeof caseInputSchema>;

/** The production answer captured with a traffic sample: what a recorded baseline replays. */
export const recordedResponseSchema = configObject({
  text: z.string(),
  finish_reason: z.string().nullable(),
  tool_calls: z.array(configObject({ id: z.string(), name: z.string(), arguments: z.string() })).default([]),
  prompt_tokens: z.number().int().nonnegative().nullable(),
  completion_tokens: z.number().int().nonnegative().nullable(),
  /** Of the prompt tokens, those production's provider served from its prompt cache (present only when logged). */
  cached_prompt_tokens: z.number().int().nonnegative().optional(),
  latency_ms: z.number().nonnegative().nullable(),
  cost_usd: z.number().nonnegative().nullable(),
});
export type RecordedResponse = z.infer<typeof recordedResponseSchema>;

/** Where a case came from, in a structured form: a capture file's line, a trace, a canary failure, or by hand. */
export const caseProvenanceSchema = configObject({
  source: z.enum(['capture', 'canary', 'manual']),
  /** The capture (or canary log) file the sample was imported from, as the import named it. */
  file: z.string().optional(),
  /** Its line in that file (1-based), for line-per-record formats. */
  line: z.number().int().positive().optional(),
  /** The trace or request id the source gave the sample. */
  trace_id: z.string().optional(),
  /** The imported sample's id in the workspace database when the case was drafted (a hint: ids are local). */
  sample_id: z.number().int().positive().optional(),
  /** The request fingerprint (hex) the case id is derived from: stable across workspaces and re-imports. */
  fingerprint: z.string().regex(/^[0-9a-f]{8,64}$/, 'lowercase hex').optional(),
  /** When production served the call (ISO 8601). */
  captured_at: z.string().optional(),
});
export type CaseProvenance = z.infer<typeof caseProvenanceSchema>;

/** A provenance as one line of text (`capture:traffic.jsonl:12`, `capture:trace-9`), for columns and lists. */
export function provenanceText(provenance: string | CaseProvenance | undefined): string | null {
  if (provenance === undefined) return null;
  if (typeof provenance === 'string') return provenance;
  const where = provenance.file !== undefined ? `${provenance.file}${provenance.line !== undefined ? `:${provenance.line}` : ''}` : provenance.trace_id;
  return where !== undefined ? `${provenance.source}:${where}` : provenance.source;
}

/** One step of a case's lifecycle: the status it was given, by whom, when (ISO 8601). */
export const statusChangeSchema = configObject({
  status: caseStatusSchema,
  by: z.string().min(1),
  at: z.string().min(1),
});
export type StatusChange = z.infer<typeof statusChangeSchema>;

/** One eval case as it lives in a suite YAML file. */
export const evalCaseSchema = configObject({
  id: z.string().min(1),
  input: caseInputSchema,
  expectations: z.array(configScorerSpecSchema).default([]),
  tags: z.array(z.string()).default([]),
  slice: z.string().optional(),
  severity: severitySchema.default('medium'),
  origin: caseOriginSchema.default('manual'),
  /** Where the case came from: a structured source, or (older files) a plain string such as `capture:<id>`. */
  provenance: z.union([z.string(), caseProvenanceSchema]).optional(),
  /** Groups cases that are not independent (same conversation/session/user) for clustered SEs. */
  cluster: z.string().optional(),
  /** draft (awaiting review, not replayed) → active (replayed) → retired (kept, not replayed). */
  status: caseStatusSchema.default('active'),
  /** Who moved the case to which status, and when, oldest first. */
  status_history: z.array(statusChangeSchema).optional(),
  /** A reference answer (read by the `similarity` scorer when it names none). */
  reference: z.string().optional(),
  recorded: recordedResponseSchema.optional(),
});
export type EvalCase = z.infer<typeof evalCaseSchema>;

/** Turns imported traffic into cases: which slices, how many, and which expectations each slice gets. */
export const trafficSelectionSchema = configObject({
  slices: z.array(z.string()).optional(),
  limit_per_slice: z.number().int().positive().optional(),
  expectations_by_slice: z.record(z.string(), z.array(configScorerSpecSchema)).default({}),
  severity_by_slice: z.record(z.string(), severitySchema).default({}),
});
export type TrafficSelection = z.infer<typeof trafficSelectionSchema>;

/** An eval suite YAML file: explicit cases plus an optional selection of imported traffic. */
export const suiteFileSchema = configObject({
  name: z.string().min(1).regex(/^[a-z0-9][a-z0-9._-]*$/, 'lowercase letters, digits, . _ -'),
  description: z.string().optional(),
  traffic: trafficSelectionSchema.optional(),
  /** Baseline against candidate, graded by a judge model (see {@link pairwiseJudgeSchema}). */
  pairwise_judge: pairwiseJudgeSchema.optional(),
  cases: z.array(evalCaseSchema).default([]),
});
export type SuiteFile = z.infer<typeof suiteFileSchema>;
