import type { ChatMessage, ToolCall } from '../../../shared/domain/capture.js';
import { makeToolCall } from './chat-parts.js';
import { fail, isRecord, jsonType, type JsonRecord } from './json-values.js';

interface ToolCallParts {
  id: string | undefined;
  name: string;
  args: string;
}

interface ChoiceParts {
  role: string | undefined;
  content: string | null;
  refusal: string | null;
  toolCalls: Map<number, ToolCallParts>;
  finishReason: string | null;
}

/** True when a captured response is a Chat Completions stream: an array of `chat.completion.chunk` objects. */
export function isChunkArray(response: unknown): response is unknown[] {
  return Array.isArray(response) && response.length > 0 && isRecord(response[0]) && response[0].object === 'chat.completion.chunk';
}

/**
 * The `chat.completion` a stream adds up to: content and refusal deltas concatenated per choice, tool calls
 * assembled by their `index` (arguments arrive in pieces), the last finish_reason, and usage from the chunk that
 * carries it (only the last one, when `stream_options.include_usage` was set).
 */
export function assembleChatStream(chunks: readonly unknown[], field: string): JsonRecord {
  const choices = new Map<number, ChoiceParts>();
  let id: unknown;
  let model: unknown;
  let created: unknown;
  let fingerprint: unknown;
  let usage: unknown;
  for (let i = 0; i < chunks.length; i++) {
    const chunk = chunks[i];
    if (!isRecord(chunk)) fail(`${field}.${i}`, `expected a chat.completion.chunk object, got ${jsonType(chunk)}`);
    id ??= chunk.id;
    model ??= chunk.model;
    created ??= chunk.created;
    fingerprint ??= chunk.system_fingerprint;
    if (isRecord(chunk.usage)) usage = chunk.usage;
    const deltas = chunk.choices;
    if (deltas === undefined || deltas === null) continue;
    if (!Array.isArray(deltas)) fail(`${field}.${i}.choices`, `expected an array, got ${jsonType(deltas)}`);
    for (let j = 0; j < deltas.length; j++) addChoiceDelta(choices, deltas[j], `${field}.${i}.choices.${j}`);
  }
  if (choices.size === 0) fail(field, 'the stream carries no choices');
  const response: JsonRecord = { object: 'chat.completion' };
  if (id !== undefined) response.id = id;
  if (created !== undefined) response.created = created;
  if (model !== undefined) response.model = model;
  if (fingerprint !== undefined) response.system_fingerprint = fingerprint;
  response.choices = [...choices.entries()].sort((a, b) => a[0] - b[0]).map(([index, parts]) => finishChoice(index, parts));
  if (usage !== undefined) response.usage = usage;
  return response;
}

function addChoiceDelta(choices: Map<number, ChoiceParts>, value: unknown, field: string): void {
  if (!isRecord(value)) fail(field, `expected a choice object, got ${jsonType(value)}`);
  const index = typeof value.index === 'number' ? value.index : 0;
  let parts = choices.get(index);
  if (!parts) {
    parts = { role: undefined, content: null, refusal: null, toolCalls: new Map(), finishReason: null };
    choices.set(index, parts);
  }
  if (typeof value.finish_reason === 'string') parts.finishReason = value.finish_reason;
  const delta = value.delta;
  if (delta === undefined || delta === null) return;
  if (!isRecord(delta)) fail(`${field}.delta`, `expected an object, got ${jsonType(delta)}`);
  if (typeof delta.role === 'string') parts.role = delta.role;
  if (typeof delta.content === 'string') parts.content = (parts.content ?? '') + delta.content;
  if (typeof delta.refusal === 'string') parts.refusal = (parts.refusal ?? '') + delta.refusal;
  const calls = delta.tool_calls;
  if (calls === undefined || calls === null) return;
  if (!Array.isArray(calls)) fail(`${field}.delta.tool_calls`, `expected an array, got ${jsonType(calls)}`);
  for (let k = 0; k < calls.length; k++) addToolCallDelta(parts.toolCalls, calls[k], k, `${field}.delta.tool_calls.${k}`);
}

function addToolCallDelta(calls: Map<number, ToolCallParts>, value: unknown, position: number, field: string): void {
  if (!isRecord(value)) fail(field, `expected a tool call delta object, got ${jsonType(value)}`);
  // Some OpenAI-compatible servers omit `index`; the position in the delta is the best remaining key.
  const index = typeof value.index === 'number' ? value.index : position;
  let call = calls.get(index);
  if (!call) {
    call = { id: undefined, name: '', args: '' };
    calls.set(index, call);
  }
  if (typeof value.id === 'string' && value.id !== '') call.id ??= value.id;
  const fn = value.function;
  if (!isRecord(fn)) return;
  // The name comes whole (some compatible servers repeat it in every chunk), so it is replaced, not appended.
  if (typeof fn.name === 'string' && fn.name !== '') call.name = fn.name;
  if (typeof fn.arguments === 'string') call.args += fn.arguments;
}

function finishChoice(index: number, parts: ChoiceParts): JsonRecord {
  const message: JsonRecord = { role: parts.role ?? 'assistant', content: parts.content };
  if (parts.refusal !== null) message.refusal = parts.refusal;
  if (parts.toolCalls.size > 0) {
    const calls: ToolCall[] = [];
    for (const [callIndex, call] of [...parts.toolCalls.entries()].sort((a, b) => a[0] - b[0])) {
      if (call.name === '') fail(`response.choices.${index}.message.tool_calls.${callIndex}.function.name`, 'streamed tool call has no name');
      calls.push(makeToolCall(call.id ?? `call_${index}_${callIndex}`, call.name, call.args));
    }
    message.tool_calls = calls;
  }
  return { index, message: message as ChatMessage, finish_reason: parts.finishReason };
}
