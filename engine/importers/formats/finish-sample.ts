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

/** Token usage in chat form; undefined unless both counts are known (a half-known usage is not comparable). */
export function chatUsage(prompt: number | undefined, completion: number | undefined, total?: number): JsonRecord | undefined {
  if (prompt === undefined || completion === undefined) return undefined;
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: total ?? prompt + completion };
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
