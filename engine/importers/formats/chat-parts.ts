import type { ChatMessage, ToolCall } from '../../../shared/domain/capture.js';
import { fail, isRecord, jsonType, type JsonRecord } from './json-values.js';

/** A canonical message role. */
export type ChatRole = ChatMessage['role'];
/** Message content that is not empty: text, or a list of parts. */
export type MessageContent = Exclude<ChatMessage['content'], null | undefined>;

// Other loggers name the same roles differently (LangChain "human"/"ai", Gemini "model", legacy "function").
const roles = new Map<string, ChatRole>([
  ['system', 'system'],
  ['developer', 'developer'],
  ['user', 'user'],
  ['assistant', 'assistant'],
  ['tool', 'tool'],
  ['human', 'user'],
  ['ai', 'assistant'],
  ['model', 'assistant'],
  ['bot', 'assistant'],
  ['function', 'tool'],
]);

/** The canonical role for a role name (aliases included, case-insensitive), or undefined. */
export function chatRole(value: unknown): ChatRole | undefined {
  return typeof value === 'string' ? (roles.get(value) ?? roles.get(value.toLowerCase())) : undefined;
}

/**
 * Tool-call arguments as the JSON string canonical form carries: strings are kept verbatim (a model's invalid JSON
 * is a finding, not ours to fix), structured values are JSON.stringify-ed, a missing value is "{}".
 */
export function toolArguments(value: unknown): string {
  if (typeof value === 'string') return value;
  return value === undefined || value === null ? '{}' : JSON.stringify(value);
}

/** A canonical function tool call. */
export function makeToolCall(id: string, name: string, args: unknown): ToolCall {
  return { id, type: 'function', function: { name, arguments: toolArguments(args) } };
}

/** An assistant message; content is null when the turn had no text (as OpenAI writes tool-call-only turns). */
export function assistantMessage(text: string | null, toolCalls: readonly ToolCall[]): ChatMessage {
  const message: ChatMessage = { role: 'assistant', content: text };
  if (toolCalls.length > 0) message.tool_calls = [...toolCalls];
  return message;
}

/**
 * A tool call in chat form (`{id, type, function: {name, arguments}}`) or flat form (`{id, name, arguments}`), with
 * arguments normalised; `fallbackId` names calls whose source carried no id.
 */
export function looseToolCall(value: unknown, field: string, fallbackId: string): ToolCall {
  if (!isRecord(value)) return fail(field, `expected a tool call object, got ${jsonType(value)}`);
  const fn = isRecord(value.function) ? value.function : value;
  const name = fn.name;
  if (typeof name !== 'string' || name === '') return fail(`${field}.name`, 'tool call has no function name');
  const id = typeof value.id === 'string' && value.id !== '' ? value.id : fallbackId;
  return makeToolCall(id, name, fn.arguments ?? fn.args ?? fn.input);
}

/** A text part of any vendor (`text`, `input_text`, `output_text`; Anthropic/OpenAI `text`, OTel `content`) → its text. */
export function partText(part: JsonRecord): string | undefined {
  const type = part.type;
  if (type !== 'text' && type !== 'input_text' && type !== 'output_text') return undefined;
  const text = part.text ?? part.content;
  return typeof text === 'string' ? text : undefined;
}

/**
 * Message content from a vendor's part list: all-text lists become one string (parts joined with "", as the
 * providers' own `output_text` helpers do); lists with media keep chat parts (`{type: 'text', text}`, images as
 * `image_url`) and pass unknown parts through so nothing is silently lost.
 */
export function contentFromParts(parts: readonly unknown[], field: string): MessageContent {
  let text = '';
  let allText = true;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (!isRecord(part)) return fail(`${field}.${i}`, `expected a content part object, got ${jsonType(part)}`);
    const t = partText(part);
    if (t === undefined) allText = false;
    else text += t;
  }
  if (allText) return text;
  // Passed-through parts are only checked by the final schema validation (a part needs a string `type`).
  return parts.map((part) => chatPart(part as JsonRecord)) as MessageContent;
}

function chatPart(part: JsonRecord): JsonRecord {
  const text = partText(part);
  if (text !== undefined) return { type: 'text', text };
  if (part.type === 'input_image' && typeof part.image_url === 'string') {
    return { type: 'image_url', image_url: part.detail === undefined ? { url: part.image_url } : { url: part.image_url, detail: part.detail } };
  }
  if (part.type === 'image' && isRecord(part.source)) {
    const source = part.source;
    if (source.type === 'url' && typeof source.url === 'string') return { type: 'image_url', image_url: { url: source.url } };
    if (source.type === 'base64' && typeof source.data === 'string' && typeof source.media_type === 'string') {
      return { type: 'image_url', image_url: { url: `data:${source.media_type};base64,${source.data}` } };
    }
  }
  return part;
}

/** Text of a value that should be text: strings as is, structured values as JSON (a tool result object, say). */
export function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  return value === undefined ? '' : JSON.stringify(value);
}
