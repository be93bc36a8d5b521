import type { ChatMessage, TrafficSample } from '../../../shared/domain/capture.js';
import { anthropicSystem } from './anthropic-messages.js';
import { chatParams, chatTools } from './chat-params.js';
import { chatFinishReason } from './finish-reasons.js';
import { CAPTURE_SCHEMA, chatChoice, chatResponse, chatUsage, finishSample } from './finish-sample.js';
import { fail, idString, isRecord, jsonType, nonEmptyString, tokenCount, type JsonRecord } from './json-values.js';
import { scoresFor, thumbsDown } from './langfuse-scores.js';
import { appendLooseMessage, looseAssistantMessage } from './loose-messages.js';
import { cleanMetadata } from './sample-metadata.js';
import { isoFromTimestamp, timestampProblem } from './timestamps.js';

interface GenerationInput {
  messages: ChatMessage[];
  tools: unknown;
}

/**
 * A generation's input: a chat message list, a prompt string (one user message), a single message, or the
 * `{messages, tools}` / `{system, messages}` objects the SDK integrations log when a call has more than messages.
 */
function generationInput(input: unknown): GenerationInput {
  const messages: ChatMessage[] = [];
  if (typeof input === 'string') return { messages: [{ role: 'user', content: input }], tools: undefined };
  if (Array.isArray(input)) {
    for (let i = 0; i < input.length; i++) appendLooseMessage(messages, input[i], `input.${i}`, 'user');
    return { messages, tools: undefined };
  }
  if (!isRecord(input)) return fail('input', `expected messages, a prompt or a message, got ${jsonType(input)}`);
  if (Array.isArray(input.messages)) {
    const system = anthropicSystem(input.system, 'input.system');
    if (system) messages.push(system);
    for (let i = 0; i < input.messages.length; i++) appendLooseMessage(messages, input.messages[i], `input.messages.${i}`, 'user');
    return { messages, tools: input.tools ?? input.functions };
  }
  if (input.role !== undefined) {
    appendLooseMessage(messages, input, 'input', 'user');
    return { messages, tools: undefined };
  }
  if (typeof input.prompt === 'string') return { messages: [{ role: 'user', content: input.prompt }], tools: undefined };
  return fail('input', 'expected messages, a prompt or a message');
}

/** The output's messages, one per choice: a string, a message object, content blocks, or `{choices}`. */
function outputMessages(output: unknown): ChatMessage[] {
  if (typeof output === 'string') return [{ role: 'assistant', content: output }];
  if (Array.isArray(output)) {
    // A list of messages is one per choice; a list of content blocks is one message.
    if (output.length > 0 && output.every((m) => isRecord(m) && m.role !== undefined)) return output.map((m, i) => looseAssistantMessage(m, `output.${i}`));
    return [looseAssistantMessage({ role: 'assistant', content: output }, 'output')];
  }
  if (isRecord(output) && Array.isArray(output.choices)) {
    return output.choices.map((c, i) => looseAssistantMessage(isRecord(c) && c.message !== undefined ? c.message : c, `output.choices.${i}`));
  }
  return [looseAssistantMessage(output, 'output')];
}

// Langfuse records no finish reason: an explicit one (output or observation metadata) wins, else it is inferred.
function finishReason(output: unknown, metadata: unknown, message: ChatMessage): string {
  const explicit = (isRecord(output) ? output.finish_reason : undefined) ?? (isRecord(metadata) ? metadata.finish_reason : undefined);
  if (typeof explicit === 'string') return chatFinishReason(explicit);
  return message.tool_calls && message.tool_calls.length > 0 ? 'tool_calls' : 'stop';
}

function usageOf(observation: JsonRecord): JsonRecord | undefined {
  const details = isRecord(observation.usageDetails) ? observation.usageDetails : {};
  const usage = isRecord(observation.usage) ? observation.usage : {};
  // Older versions (and their UI downloads) also carry the counts flat on the observation.
  const input = tokenCount(details.input ?? usage.input ?? usage.promptTokens ?? usage.prompt_tokens ?? usage.input_tokens ?? observation.promptTokens);
  const output = tokenCount(details.output ?? usage.output ?? usage.completionTokens ?? usage.completion_tokens ?? usage.output_tokens ?? observation.completionTokens);
  const total = tokenCount(details.total ?? usage.total ?? usage.totalTokens ?? usage.total_tokens ?? observation.totalTokens);
  // Langfuse's integrations name the cached and reasoning parts by provider (usageDetails keys are free-form).
  const cached = tokenCount(details.input_cached_tokens ?? details.cache_read_input_tokens ?? details.input_cache_read ?? details.cached_tokens);
  const reasoning = tokenCount(details.output_reasoning_tokens ?? details.reasoning_tokens ?? details.output_reasoning);
  return chatUsage(input, output, total, { cached, reasoning });
}

function metadataOf(trace: JsonRecord, observation: JsonRecord, observationId: string, scores: readonly unknown[]): JsonRecord {
  const metadata = cleanMetadata(trace.metadata);
  const obsSlice = isRecord(observation.metadata) ? nonEmptyString(observation.metadata.slice) : undefined;
  if (obsSlice !== undefined) metadata.slice = obsSlice;
  const session = idString(trace.sessionId);
  if (session !== undefined) metadata.session_id = session;
  const user = idString(trace.userId);
  if (user !== undefined) metadata.user_id = user;
  if (Array.isArray(trace.tags) && trace.tags.length > 0) metadata.tags = trace.tags;
  if (typeof trace.name === 'string') metadata.trace_name = trace.name;
  if (typeof observation.name === 'string') metadata.observation_name = observation.name;
  const applicable = scoresFor(scores, observationId);
  if (applicable.length > 0) {
    metadata.scores = applicable;
    const down = thumbsDown(applicable);
    if (down !== undefined) metadata.signals = { ...(isRecord(metadata.signals) ? metadata.signals : {}), thumbs_down: down };
  }
  if (observation.level === 'ERROR' || observation.level === 'WARNING') {
    metadata.level = observation.level;
    if (typeof observation.statusMessage === 'string' && observation.statusMessage !== '') metadata.status_message = observation.statusMessage;
  }
  return metadata;
}

/** One Langfuse GENERATION observation (with its trace and scores) → a canonical sample. */
export function generationSample(trace: JsonRecord, traceId: string, observation: JsonRecord, scores: readonly unknown[]): TrafficSample {
  const observationId = idString(observation.id) ?? fail('id', 'observation without id');
  const model = nonEmptyString(observation.model) ?? fail('model', 'generation without model');
  const { messages, tools } = generationInput(observation.input);

  const request: JsonRecord = { model, messages, ...chatParams(isRecord(observation.modelParameters) ? observation.modelParameters : {}) };
  const chatToolList = chatTools(tools);
  if (chatToolList) request.tools = chatToolList;

  let response: JsonRecord | null = null;
  const output = observation.output;
  if (output !== undefined && output !== null) {
    const choices = outputMessages(output).map((m, i) => chatChoice(i, m, finishReason(output, observation.metadata, m)));
    const usage = usageOf(observation);
    response = chatResponse(usage ? { choices, usage } : { choices });
  }

  const start = observation.startTime ?? trace.timestamp;
  if (start === undefined || start === null) fail('timestamp', 'no startTime and no trace timestamp');
  const timestamp = isoFromTimestamp(start) ?? fail('timestamp', timestampProblem(start));
  const draft: JsonRecord = { schema: CAPTURE_SCHEMA, id: `${traceId}:${observationId}`, timestamp, request, response };
  const end = observation.endTime === undefined || observation.endTime === null ? undefined : isoFromTimestamp(observation.endTime);
  if (end !== undefined) {
    const latency = Date.parse(end) - Date.parse(timestamp);
    if (latency >= 0) draft.latency_ms = latency;
  }
  draft.metadata = metadataOf(trace, observation, observationId, scores);
  return finishSample(draft);
}
