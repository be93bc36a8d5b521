import type { ChatMessage } from '../../../shared/domain/capture.js';
import { anthropicAssistantMessage, anthropicSystem, appendAnthropicMessage } from './anthropic-messages.js';
import { chatParams, chatTools } from './chat-params.js';
import { chatFinishReason } from './finish-reasons.js';
import { CAPTURE_SCHEMA, chatChoice, chatResponse, chatUsage, finishSample } from './finish-sample.js';
import type { FormatMapper } from './format.js';
import { fail, finiteNumber, idString, isRecord, jsonType, nonEmptyString, tokenCount, type JsonRecord } from './json-values.js';
import { cleanMetadata, setDefaultString } from './sample-metadata.js';
import { isoFromTimestamp, timestampProblem } from './timestamps.js';


function detect(record: unknown): boolean {
  return isRecord(record) && isRecord(record.request) && isRecord(record.response) && record.response.type === 'message';
}

/** Anthropic tool_choice in chat form: auto → auto, any → required, tool → that function, none → none. */
function chatToolChoice(choice: unknown): unknown {
  if (!isRecord(choice)) return undefined;
  if (choice.type === 'auto' || choice.type === 'none') return choice.type;
  if (choice.type === 'any') return 'required';
  if (choice.type === 'tool' && typeof choice.name === 'string') return { type: 'function', function: { name: choice.name } };
  return undefined;
}

function requestOf(raw: JsonRecord, model: string, messages: ChatMessage[]): JsonRecord {
  const request: JsonRecord = { model, messages, ...chatParams({ temperature: raw.temperature, top_p: raw.top_p, max_tokens: raw.max_tokens, stop: raw.stop_sequences }) };
  const tools = chatTools(raw.tools);
  if (tools) request.tools = tools;
  const toolChoice = chatToolChoice(raw.tool_choice);
  if (toolChoice !== undefined) request.tool_choice = toolChoice;
  if (isRecord(raw.tool_choice) && raw.tool_choice.disable_parallel_tool_use === true) request.parallel_tool_calls = false;
  return request;
}

function responseOf(raw: JsonRecord): JsonRecord {
  const content = raw.content;
  if (!Array.isArray(content)) return fail('response.content', `expected content blocks, got ${jsonType(content)}`);
  const stop = raw.stop_reason;
  const finish = typeof stop === 'string' ? chatFinishReason(stop) : null;
  const usage = isRecord(raw.usage) ? raw.usage : {};
  // OpenAI's prompt_tokens include cached tokens; Anthropic counts cache reads and writes apart from input_tokens.
  const input = tokenCount(usage.input_tokens);
  const prompt = input === undefined ? undefined : input + (tokenCount(usage.cache_creation_input_tokens) ?? 0) + (tokenCount(usage.cache_read_input_tokens) ?? 0);
  const parts: Parameters<typeof chatResponse>[0] = { choices: [chatChoice(0, anthropicAssistantMessage(content, 'response.content'), finish)] };
  const id = nonEmptyString(raw.id);
  if (id !== undefined) parts.id = id;
  const model = nonEmptyString(raw.model);
  if (model !== undefined) parts.model = model;
  const u = chatUsage(prompt, tokenCount(usage.output_tokens), undefined, { cached: tokenCount(usage.cache_read_input_tokens) });
  if (u) parts.usage = u;
  return chatResponse(parts);
}

/** One logged Anthropic Messages call → a canonical sample. */
export function mapAnthropic(record: unknown): JsonRecord {
  if (!isRecord(record)) return fail('(root)', `expected an object, got ${jsonType(record)}`);
  const raw = record.request;
  if (!isRecord(raw)) return fail('request', `expected an object, got ${jsonType(raw)}`);
  const rawMessages = raw.messages;
  if (!Array.isArray(rawMessages)) return fail('request.messages', `expected an array, got ${jsonType(rawMessages)}`);
  const messages: ChatMessage[] = [];
  const system = anthropicSystem(raw.system, 'request.system');
  if (system) messages.push(system);
  for (let i = 0; i < rawMessages.length; i++) appendAnthropicMessage(messages, rawMessages[i], `request.messages.${i}`);

  const rawResponse = record.response;
  let response: JsonRecord | null = null;
  if (isRecord(rawResponse)) response = responseOf(rawResponse);
  else if (rawResponse !== undefined && rawResponse !== null) fail('response', `expected an object, got ${jsonType(rawResponse)}`);
  const model = nonEmptyString(raw.model) ?? nonEmptyString(response?.model) ?? fail('model', 'no request.model or response.model');
  const id = idString(record.id) ?? idString(response?.id) ?? fail('id', 'no id and no response.id');
  // Anthropic responses carry no creation time: the capture must say when it happened.
  if (record.timestamp === undefined || record.timestamp === null) fail('timestamp', 'no timestamp (Anthropic responses carry none)');
  const timestamp = isoFromTimestamp(record.timestamp) ?? fail('timestamp', timestampProblem(record.timestamp));

  const draft: JsonRecord = { schema: CAPTURE_SCHEMA, id, timestamp, request: requestOf(raw, model, messages), response };
  const latency = finiteNumber(record.latency_ms) ?? finiteNumber(record.duration_ms);
  if (latency !== undefined) draft.latency_ms = latency;
  const metadata = cleanMetadata(record.metadata);
  if (isRecord(raw.metadata)) setDefaultString(metadata, 'user_id', raw.metadata.user_id);
  draft.metadata = metadata;
  return draft;
}

/** Anthropic Messages request/response pairs. */
export const anthropicMapper: FormatMapper = {
  format: 'anthropic',
  detect,
  map(record) {
    return { samples: [finishSample(mapAnthropic(record))], skipped: 0 };
  },
};
