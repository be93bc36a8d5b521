import { isNormalCapture } from '../../../shared/domain/normal-capture.js';
import { trafficSampleSchema, type ChatMessage, type TrafficSample } from '../../../shared/domain/capture.js';
import { MappingError } from './format.js';
import type { JsonRecord } from './json-values.js';

/** The schema tag every mapped sample carries. */
export const CAPTURE_SCHEMA = 'canary-gate/capture@1';

/**
 * The canonical sample for a mapped draft; the one schema check on the hot path. A draft already in the schema's
 * exact output form is the sample as it is; any other goes through the schema, whose failures name the zod path.
 */
export function finishSample(draft: JsonRecord): TrafficSample {
  if (isNormalCapture(draft)) return draft;
  const parsed = trafficSampleSchema.safeParse(draft);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new MappingError(issue.path.map(String).join('.') || '(root)', issue.message);
}

/** The parts of the token counts a source reports apart: prompt tokens read from the prompt cache, reasoning tokens. */
export interface UsageDetails {
  cached?: number | undefined;
  reasoning?: number | undefined;
}

/**
 * Token usage in chat form, with OpenAI's `prompt_tokens_details.cached_tokens` and
 * `completion_tokens_details.reasoning_tokens` when the source reports them; undefined unless both main counts are
 * known (a half-known usage is not comparable).
 */
export function chatUsage(prompt: number | undefined, completion: number | undefined, total?: number, details: UsageDetails = {}): JsonRecord | undefined {
  if (prompt === undefined || completion === undefined) return undefined;
  const usage: JsonRecord = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: total ?? prompt + completion };
  if (details.cached !== undefined) usage.prompt_tokens_details = { cached_tokens: details.cached };
  if (details.reasoning !== undefined) usage.completion_tokens_details = { reasoning_tokens: details.reasoning };
  return usage;
}

/** One chat choice. */
export function chatChoice(index: number, message: ChatMessage, finishReason: string | null): JsonRecord {
  return { index, message, finish_reason: finishReason };
}

/** A chat completion response; keys without a value are left out. */
export function chatResponse(parts: { id?: string; model?: string; choices: JsonRecord[]; usage?: JsonRecord }): JsonRecord {
  const response: JsonRecord = {};
  if (parts.id !== undefined) response.id = parts.id;
  response.object = 'chat.completion';
  if (parts.model !== undefined) response.model = parts.model;
  response.choices = parts.choices;
  if (parts.usage !== undefined) response.usage = parts.usage;
  return response;
}
