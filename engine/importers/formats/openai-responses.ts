import type { ChatMessage } from '../../../shared/domain/capture.js';
import { chatParams, chatTools } from './chat-params.js';
import { chatFinishReason } from './finish-reasons.js';
import { CAPTURE_SCHEMA, chatChoice, chatResponse, chatUsage, finishSample } from './finish-sample.js';
import type { FormatMapper } from './format.js';
import { fail, finiteNumber, idString, isRecord, jsonType, nonEmptyString, tokenCount, type JsonRecord } from './json-values.js';
import { appendInputItems, outputMessage } from './openai-responses-items.js';
import { cleanMetadata } from './sample-metadata.js';
import { isoFromEpochSeconds, isoFromTimestamp, timestampProblem } from './timestamps.js';

function detect(record: unknown): boolean {
  return isRecord(record) && isRecord(record.request) && isRecord(record.response) && record.response.object === 'response';
}

function requestMessages(raw: JsonRecord): ChatMessage[] {
  const messages: ChatMessage[] = [];
  const instructions = raw.instructions;
  if (typeof instructions === 'string') messages.push({ role: 'system', content: instructions });
  else if (Array.isArray(instructions)) appendInputItems(messages, instructions, 'request.instructions');
  const input = raw.input;
  if (typeof input === 'string') messages.push({ role: 'user', content: input });
  else if (Array.isArray(input)) appendInputItems(messages, input, 'request.input');
  else if (input !== undefined && input !== null) fail('request.input', `expected a string or input items, got ${jsonType(input)}`);
  return messages;
}

/** Responses tool_choice in chat form (`{type: 'function', name}` → `{type: 'function', function: {name}}`). */
function chatToolChoice(choice: unknown): unknown {
  if (choice === 'auto' || choice === 'none' || choice === 'required') return choice;
  if (isRecord(choice) && choice.type === 'function' && typeof choice.name === 'string') return { type: 'function', function: { name: choice.name } };
  return undefined;
}

/** Responses `text.format` as chat `response_format`, so structured-output calls replay as such. */
function responseFormat(text: unknown): unknown {
  if (!isRecord(text) || !isRecord(text.format)) return undefined;
  const format = text.format;
  if (format.type === 'json_object') return { type: 'json_object' };
  if (format.type !== 'json_schema') return undefined;
  const { type: _type, ...schema } = format;
  return { type: 'json_schema', json_schema: schema };
}

function requestOf(raw: JsonRecord, model: string, messages: ChatMessage[]): JsonRecord {
  const request: JsonRecord = { model, messages, ...chatParams({ temperature: raw.temperature, top_p: raw.top_p, max_tokens: raw.max_output_tokens }) };
  const tools = chatTools(raw.tools);
  if (tools) request.tools = tools;
  const toolChoice = chatToolChoice(raw.tool_choice);
  if (toolChoice !== undefined) request.tool_choice = toolChoice;
  if (typeof raw.parallel_tool_calls === 'boolean') request.parallel_tool_calls = raw.parallel_tool_calls;
  const format = responseFormat(raw.text);
  if (format !== undefined) request.response_format = format;
  if (isRecord(raw.reasoning) && typeof raw.reasoning.effort === 'string') request.reasoning_effort = raw.reasoning.effort;
  return request;
}

function finishReason(raw: JsonRecord, hasToolCalls: boolean): string | null {
  if (raw.status === 'incomplete') {
    const reason = isRecord(raw.incomplete_details) ? raw.incomplete_details.reason : undefined;
    return typeof reason === 'string' ? chatFinishReason(reason) : 'length';
  }
  if (raw.status === 'completed' || raw.status === undefined) return hasToolCalls ? 'tool_calls' : 'stop';
  return null;
}

function responseOf(raw: JsonRecord): JsonRecord {
  const output = raw.output;
  if (!Array.isArray(output)) return fail('response.output', `expected an array of output items, got ${jsonType(output)}`);
  const { message, hasToolCalls } = outputMessage(output, 'response.output');
  const usage = isRecord(raw.usage) ? raw.usage : {};
  const parts: Parameters<typeof chatResponse>[0] = { choices: [chatChoice(0, message, finishReason(raw, hasToolCalls))] };
  const id = nonEmptyString(raw.id);
  if (id !== undefined) parts.id = id;
  const model = nonEmptyString(raw.model);
  if (model !== undefined) parts.model = model;
  const inputDetails = isRecord(usage.input_tokens_details) ? usage.input_tokens_details : {};
  const outputDetails = isRecord(usage.output_tokens_details) ? usage.output_tokens_details : {};
  const u = chatUsage(tokenCount(usage.input_tokens), tokenCount(usage.output_tokens), tokenCount(usage.total_tokens), {
    cached: tokenCount(inputDetails.cached_tokens),
    reasoning: tokenCount(outputDetails.reasoning_tokens),
  });
  if (u) parts.usage = u;
  return chatResponse(parts);
}

/** One logged OpenAI Responses call → a canonical sample in chat form. */
export function mapOpenAiResponses(record: unknown): JsonRecord {
  if (!isRecord(record)) return fail('(root)', `expected an object, got ${jsonType(record)}`);
  const raw = record.request;
  if (!isRecord(raw)) return fail('request', `expected an object, got ${jsonType(raw)}`);
  const rawResponse = record.response;
  if (!isRecord(rawResponse)) return fail('response', `expected a response object, got ${jsonType(rawResponse)}`);
  const messages = requestMessages(raw);
  // A failed call has no output to compare against; its error stays in the metadata.
  const failed = rawResponse.status === 'failed' || rawResponse.status === 'cancelled';
  const response = failed ? null : responseOf(rawResponse);
  const model = nonEmptyString(raw.model) ?? nonEmptyString(rawResponse.model) ?? fail('model', 'no request.model or response.model');
  const id = idString(record.id) ?? idString(rawResponse.id) ?? fail('id', 'no id and no response.id');
  const timestamp =
    record.timestamp !== undefined && record.timestamp !== null
      ? (isoFromTimestamp(record.timestamp) ?? fail('timestamp', timestampProblem(record.timestamp)))
      : (isoFromEpochSeconds(rawResponse.created_at) ?? fail('timestamp', 'no timestamp and no response.created_at'));

  const draft: JsonRecord = { schema: CAPTURE_SCHEMA, id, timestamp, request: requestOf(raw, model, messages), response };
  const latency = finiteNumber(record.latency_ms) ?? finiteNumber(record.duration_ms);
  if (latency !== undefined) draft.latency_ms = latency;
  const metadata = cleanMetadata(record.metadata);
  if (failed && metadata.error === undefined && rawResponse.error !== undefined && rawResponse.error !== null) metadata.error = rawResponse.error;
  // Its history lives on OpenAI's side: the messages here are only the new turn, so say so.
  if (typeof raw.previous_response_id === 'string') metadata.previous_response_id = raw.previous_response_id;
  draft.metadata = metadata;
  return draft;
}

/** OpenAI Responses request/response pairs, mapped to chat form. */
export const openAiResponsesMapper: FormatMapper = {
  format: 'openai-responses',
  detect,
  map(record) {
    return { samples: [finishSample(mapOpenAiResponses(record))], skipped: 0 };
  },
};
