import { z } from 'zod';
import { chatMessageSchema, contextDocumentSchema } from './capture.js';
import { configObject } from './config-object.js';
import { configScorerSpecSchema, severitySchema } from './scorer-spec.js';
import { pairwiseJudgeSchema } from './judge.js';

export const caseOriginSchema = z.enum(['traffic', 'canary-failure', 'manual']);
export const caseStatusSchema = z.enum(['draft', 'active', 'retired']);

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

/** One eval case as it lives in a suite YAML file. */
export const evalCaseSchema = configObject({
  id: z.string().min(1),
  input: caseInputSchema,
  expectations: z.array(configScorerSpecSchema).default([]),
  tags: z.array(z.string()).default([]),
  slice: z.string().optional(),
  severity: severitySchema.default('medium'),
  origin: caseOriginSchema.default('manual'),
  provenance: z.string().optional(),
  /** Groups cases that are not independent (same conversation/session/user) for clustered SEs. */
  cluster: z.string().optional(),
  status: caseStatusSchema.default('active'),
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
