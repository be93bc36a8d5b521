import { toolArguments } from './chat-parts.js';
import { CAPTURE_SCHEMA, finishSample } from './finish-sample.js';
import type { FormatMapper } from './format.js';
import { fail, finiteNumber, idString, isRecord, jsonType, nonEmptyString, type JsonRecord } from './json-values.js';
import { assembleChatStream, isChunkArray } from './openai-chat-stream.js';
import { cleanMetadata } from './sample-metadata.js';
import { isoFromEpochSeconds, isoFromTimestamp, timestampProblem } from './timestamps.js';

// Canonical fields a logger may already write next to the pair; they travel unchanged and the schema checks them.
const passThrough = ['cost_usd', 'context', 'expectations'] as const;

function detect(record: unknown): boolean {
  if (!isRecord(record) || !isRecord(record.request)) return false;
  const response = record.response;
  if (isRecord(response)) return response.object === 'chat.completion' || (response.object === undefined && Array.isArray(response.choices));
  return isChunkArray(response);
}

/**
 * A Chat Completions message with tool-call arguments as JSON strings. Messages are otherwise kept as logged: this
 * is already the canonical shape, and the replay sends them back to the same API.
 */
function normaliseMessage(value: unknown): unknown {
  if (!isRecord(value) || !Array.isArray(value.tool_calls)) return value;
  const calls = value.tool_calls.map((call) => {
    if (!isRecord(call) || !isRecord(call.function) || typeof call.function.arguments === 'string') return call;
    return { ...call, function: { ...call.function, arguments: toolArguments(call.function.arguments) } };
  });
  return { ...value, tool_calls: calls };
}

function normaliseCompletion(response: unknown): JsonRecord {
  if (!isRecord(response)) return fail('response', `expected a chat.completion object, got ${jsonType(response)}`);
  const choices = response.choices;
  if (!Array.isArray(choices)) return fail('response.choices', `expected an array, got ${jsonType(choices)}`);
  return {
    ...response,
    choices: choices.map((choice) =>
      isRecord(choice) ? { ...choice, message: normaliseMessage(choice.message) } : choice,
    ),
  };
}

/** One logged Chat Completions call (plain or streamed) → a canonical sample. */
export function mapOpenAiChat(record: unknown): JsonRecord {
  if (!isRecord(record)) return fail('(root)', `expected an object, got ${jsonType(record)}`);
  const rawRequest = record.request;
  if (!isRecord(rawRequest)) return fail('request', `expected an object, got ${jsonType(rawRequest)}`);
  const messages = rawRequest.messages;
  if (!Array.isArray(messages)) return fail('request.messages', `expected an array, got ${jsonType(messages)}`);
  const raw = record.response;
  const response = raw === undefined || raw === null ? null : Array.isArray(raw) ? assembleChatStream(raw, 'response') : normaliseCompletion(raw);

  // stream/stream_options describe the transport of the logged call, not the call: the replay decides streaming.
  const { stream: _stream, stream_options: _streamOptions, ...rest } = rawRequest;
  const model = nonEmptyString(rawRequest.model) ?? nonEmptyString(response?.model) ?? fail('model', 'no request.model or response.model');
  const request: JsonRecord = { ...rest, model, messages: messages.map(normaliseMessage) };

  const id = idString(record.id) ?? idString(response?.id) ?? fail('id', 'no id and no response.id');
  const timestamp =
    record.timestamp !== undefined && record.timestamp !== null
      ? (isoFromTimestamp(record.timestamp) ?? fail('timestamp', timestampProblem(record.timestamp)))
      : (isoFromEpochSeconds(response?.created) ?? fail('timestamp', 'no timestamp and no response.created'));

  const draft: JsonRecord = { schema: CAPTURE_SCHEMA, id, timestamp, request, response };
  const latency = finiteNumber(record.latency_ms) ?? finiteNumber(record.duration_ms);
  if (latency !== undefined) draft.latency_ms = latency;
  for (const key of passThrough) if (record[key] !== undefined) draft[key] = record[key];
  draft.metadata = cleanMetadata(record.metadata);
  return draft;
}

/** OpenAI Chat Completions request/response pairs, including streamed responses. */
export const openAiChatMapper: FormatMapper = {
  format: 'openai-chat',
  detect,
  map(record) {
    return { samples: [finishSample(mapOpenAiChat(record))], skipped: 0 };
  },
};
