import type { TrafficSample } from '../../../shared/domain/capture.js';
import { chatParams, chatTools } from './chat-params.js';
import { chatFinishReason } from './finish-reasons.js';
import { CAPTURE_SCHEMA, chatChoice, chatResponse, chatUsage, finishSample } from './finish-sample.js';
import { fail, idString, isRecord, nonEmptyString, setOwn, tokenCount, type JsonRecord } from './json-values.js';
import { attributeMap } from './otel-any-value.js';
import { newGenInput, newGenOutput, newGenTools, systemInstructions, type SpanChoice } from './otel-genai-new.js';
import { eventContent, indexedContent } from './otel-genai-old.js';
import { durationMsFromNanos, isoFromEpochMs, msFromUnixNanos } from './timestamps.js';

// Operation names of a model call: the conventions' own, and the spellings instrumentations write for the same
// calls (`completion` for legacy completions, Semantic Kernel's `chat.completions`). Any other operation (embeddings,
// tool execution, agent wrappers around the chat spans…) is skipped, counted by its name.
const modelCallOperations = new Set(['chat', 'text_completion', 'generate_content', 'completion', 'completions', 'chat.completions', 'chat_completions', 'responses']);
// The event of the conventions (1.37+) that carries the content of a call, when it is not on the span itself.
const DETAILS_EVENT = 'gen_ai.client.inference.operation.details';
const sliceAttributes = ['canary_gate.slice', 'app.slice', 'slice'];

function isGenAiEvent(event: unknown): boolean {
  return isRecord(event) && typeof event.name === 'string' && event.name.startsWith('gen_ai.');
}

/**
 * The `gen_ai.*` attributes of the span's `gen_ai.client.inference.operation.details` events (input and output
 * messages, system instructions…) under the span's own: the span's attributes win.
 */
function addDetailsEvents(gen: Map<string, unknown>, events: readonly unknown[]): void {
  for (let i = 0; i < events.length; i++) {
    const event = events[i];
    if (!isRecord(event) || event.name !== DETAILS_EVENT) continue;
    for (const [key, value] of attributeMap(event.attributes, `events.${i}.attributes`)) if (key.startsWith('gen_ai.') && !gen.has(key)) gen.set(key, value);
  }
}

function splitAttributes(resource: ReadonlyMap<string, unknown>, span: ReadonlyMap<string, unknown>): { gen: Map<string, unknown>; plain: JsonRecord } {
  const gen = new Map<string, unknown>();
  const plain: JsonRecord = {};
  for (const [key, value] of resource) if (!key.startsWith('gen_ai.')) setOwn(plain, key, value);
  for (const [key, value] of span) {
    if (key.startsWith('gen_ai.')) gen.set(key, value);
    else setOwn(plain, key, value);
  }
  return { gen, plain };
}

// Cached input (a part of the input tokens) and reasoning (a part of the output tokens): the conventions'
// spelling first, then the older and vendor spellings seen in the wild.
const cachedInputKeys = ['gen_ai.usage.cache_read.input_tokens', 'gen_ai.usage.cache_read_input_tokens', 'gen_ai.usage.input_tokens.cached', 'gen_ai.usage.cached_tokens'];
const reasoningKeys = ['gen_ai.usage.reasoning.output_tokens', 'gen_ai.usage.output_tokens.reasoning', 'gen_ai.usage.reasoning_tokens'];

function firstCount(gen: ReadonlyMap<string, unknown>, keys: readonly string[]): number | undefined {
  for (const key of keys) {
    const n = tokenCount(gen.get(key));
    if (n !== undefined) return n;
  }
  return undefined;
}

function finishReasons(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

function responseOf(gen: ReadonlyMap<string, unknown>, choices: SpanChoice[]): JsonRecord {
  const fallback = finishReasons(gen.get('gen_ai.response.finish_reasons'));
  const parts: Parameters<typeof chatResponse>[0] = {
    choices: choices.map((c, i) => {
      const reason = c.finishReason ?? fallback[i];
      return chatChoice(i, c.message, typeof reason === 'string' ? chatFinishReason(reason) : null);
    }),
  };
  const id = idString(gen.get('gen_ai.response.id'));
  if (id !== undefined) parts.id = id;
  const model = nonEmptyString(gen.get('gen_ai.response.model'));
  if (model !== undefined) parts.model = model;
  const usage = chatUsage(
    tokenCount(gen.get('gen_ai.usage.input_tokens') ?? gen.get('gen_ai.usage.prompt_tokens')),
    tokenCount(gen.get('gen_ai.usage.output_tokens') ?? gen.get('gen_ai.usage.completion_tokens')),
    undefined,
    { cached: firstCount(gen, cachedInputKeys), reasoning: firstCount(gen, reasoningKeys) },
  );
  if (usage) parts.usage = usage;
  return chatResponse(parts);
}

/**
 * One OTLP span → a canonical sample, or why it is skipped when it is not a GenAI model call. Content is read from
 * the current conventions first (on the span, or on its `gen_ai.client.inference.operation.details` event), then old
 * per-message events, then old indexed attributes; system instructions from any of them come first. The
 * non-`gen_ai.*` span and resource attributes travel under `metadata.attributes` for slice mapping.
 */
export function spanSample(span: JsonRecord, resource: ReadonlyMap<string, unknown>): TrafficSample | string {
  const { gen, plain } = splitAttributes(resource, attributeMap(span.attributes, 'attributes'));
  const events = Array.isArray(span.events) ? span.events : [];
  if (gen.size === 0 && !events.some(isGenAiEvent)) return 'not a GenAI span';
  const operation = gen.get('gen_ai.operation.name');
  if (typeof operation === 'string' && !modelCallOperations.has(operation)) return `GenAI operation ${JSON.stringify(operation)} (not a model call)`;
  if (plain['llm.request.type'] === 'embedding') return 'GenAI operation "embedding" (not a model call)';
  addDetailsEvents(gen, events);

  const traceId = nonEmptyString(span.traceId) ?? fail('traceId', 'span without traceId');
  const spanId = nonEmptyString(span.spanId) ?? fail('spanId', 'span without spanId');
  const model =
    nonEmptyString(gen.get('gen_ai.request.model')) ?? nonEmptyString(gen.get('gen_ai.response.model')) ?? fail('model', 'no gen_ai.request.model or gen_ai.response.model');
  const startMs = msFromUnixNanos(span.startTimeUnixNano);
  const timestamp = (startMs === undefined ? undefined : isoFromEpochMs(startMs)) ?? fail('timestamp', 'no usable startTimeUnixNano');

  const system = systemInstructions(gen);
  const newInput = newGenInput(gen);
  const old = newInput === undefined ? (eventContent(events) ?? indexedContent(gen)) : undefined;
  const read = newInput ?? old?.input ?? [];
  // Instructions given apart come first, unless the messages already begin with that very system message.
  const messages = system !== undefined && !(read[0]?.role === 'system' && read[0].content === system) ? [{ role: 'system' as const, content: system }, ...read] : read;
  if (messages.length === 0) fail('gen_ai.input.messages', 'the span carries no input messages (is content capture off?)');
  const choices = newGenOutput(gen) ?? old?.choices ?? [];

  const request: JsonRecord = {
    model,
    messages,
    ...chatParams({
      temperature: gen.get('gen_ai.request.temperature'),
      top_p: gen.get('gen_ai.request.top_p'),
      max_tokens: gen.get('gen_ai.request.max_tokens'),
      seed: gen.get('gen_ai.request.seed'),
      frequency_penalty: gen.get('gen_ai.request.frequency_penalty'),
      presence_penalty: gen.get('gen_ai.request.presence_penalty'),
      stop: gen.get('gen_ai.request.stop_sequences'),
    }),
  };
  const tools = chatTools(newGenTools(gen));
  if (tools) request.tools = tools;

  const metadata: JsonRecord = { attributes: plain };
  const provider = nonEmptyString(gen.get('gen_ai.provider.name')) ?? nonEmptyString(gen.get('gen_ai.system'));
  if (provider !== undefined) metadata.provider = provider;
  if (typeof span.name === 'string') metadata.span_name = span.name;
  const session = idString(gen.get('gen_ai.conversation.id')) ?? idString(plain['session.id']);
  if (session !== undefined) metadata.session_id = session;
  const user = idString(plain['user.id']) ?? idString(plain['enduser.id']);
  if (user !== undefined) metadata.user_id = user;
  for (const key of sliceAttributes) {
    const slice = nonEmptyString(plain[key]);
    if (slice !== undefined) {
      metadata.slice = slice;
      break;
    }
  }

  // OTLP status code 2 (STATUS_CODE_ERROR): the call failed, said the same way as Langfuse's level.
  const status = isRecord(span.status) ? span.status : undefined;
  if (status && (status.code === 2 || status.code === 'STATUS_CODE_ERROR')) {
    metadata.level = 'ERROR';
    if (typeof status.message === 'string' && status.message !== '') metadata.status_message = status.message;
  }

  const draft: JsonRecord = { schema: CAPTURE_SCHEMA, id: `${traceId}:${spanId}`, timestamp, request, response: choices.length > 0 ? responseOf(gen, choices) : null };
  const latency = durationMsFromNanos(span.startTimeUnixNano, span.endTimeUnixNano);
  if (latency !== undefined) draft.latency_ms = latency;
  draft.metadata = metadata;
  return finishSample(draft);
}
