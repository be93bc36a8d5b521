import type { ChatMessage, ToolCall } from '../../../shared/domain/capture.js';
import { appendAnthropicMessage, hasAnthropicToolBlocks } from './anthropic-messages.js';
import { assistantMessage, chatRole, contentFromParts, looseToolCall, makeToolCall, textOf, type ChatRole } from './chat-parts.js';
import { fail, isRecord, jsonType, shown, type JsonRecord } from './json-values.js';

/**
 * Appends the chat messages for one message as tracing tools log it, whatever its dialect: OpenAI chat form
 * (`{role, content, tool_calls, tool_call_id}`, arguments possibly objects), Anthropic content blocks, or OTel
 * GenAI parts (`{role, parts: [text | tool_call | tool_call_response]}`). Tool results become `tool` messages.
 */
export function appendLooseMessage(out: ChatMessage[], value: unknown, field: string, defaultRole?: ChatRole): void {
  if (!isRecord(value)) return fail(field, `expected a message object, got ${jsonType(value)}`);
  const role = value.role === undefined || value.role === null ? defaultRole : chatRole(value.role);
  if (role === undefined) return fail(`${field}.role`, `unknown message role ${shown(value.role)}`);
  if (Array.isArray(value.parts)) return appendParts(out, role, value.parts, `${field}.parts`);
  const content = value.content;
  if (Array.isArray(content) && (role === 'user' || role === 'assistant') && hasAnthropicToolBlocks(content)) {
    return appendAnthropicMessage(out, { role, content }, field);
  }
  const message: ChatMessage = { role, content: looseContent(content, `${field}.content`) };
  const calls = looseToolCalls(value.tool_calls, `${field}.tool_calls`, out.length);
  if (calls.length > 0) message.tool_calls = calls;
  // Old OTel GenAI tool events name the call `id`; chat form names it `tool_call_id`.
  const callId = value.tool_call_id ?? (role === 'tool' ? value.id : undefined);
  if (typeof callId === 'string' && callId !== '') message.tool_call_id = callId;
  if (typeof value.name === 'string' && value.name !== '') message.name = value.name;
  out.push(message);
}

/** The assistant message of one logged output (a choice), in any dialect appendLooseMessage reads. */
export function looseAssistantMessage(value: unknown, field: string): ChatMessage {
  if (typeof value === 'string') return { role: 'assistant', content: value };
  const out: ChatMessage[] = [];
  appendLooseMessage(out, value, field, 'assistant');
  return out.find((m) => m.role === 'assistant') ?? assistantMessage(null, []);
}

function looseContent(content: unknown, field: string): ChatMessage['content'] {
  if (typeof content === 'string') return content;
  if (content === undefined || content === null) return null;
  if (Array.isArray(content)) return contentFromParts(content, field);
  return textOf(content);
}

function looseToolCalls(value: unknown, field: string, messageIndex: number): ToolCall[] {
  // Attribute-based loggers sometimes store the list as JSON text.
  let calls = value;
  if (typeof calls === 'string') {
    try {
      calls = JSON.parse(calls) as unknown;
    } catch {
      return fail(field, 'expected a tool call list or its JSON text');
    }
  }
  if (calls === undefined || calls === null) return [];
  if (!Array.isArray(calls)) return fail(field, `expected a tool call list, got ${jsonType(calls)}`);
  return calls.map((call, i) => looseToolCall(call, `${field}.${i}`, `call_${messageIndex}_${i}`));
}

function appendParts(out: ChatMessage[], role: ChatRole, parts: readonly unknown[], field: string): void {
  let text: string | null = null;
  let calls: ToolCall[] = [];
  const flush = () => {
    if (text === null && calls.length === 0) return;
    out.push(role === 'assistant' ? assistantMessage(text, calls) : { role, content: text ?? '' });
    text = null;
    calls = [];
  };
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (!isRecord(part)) return fail(`${field}.${i}`, `expected a part object, got ${jsonType(part)}`);
    if (part.type === 'text') text = (text ?? '') + textOf(part.content ?? part.text);
    else if (part.type === 'tool_call') calls.push(partToolCall(part, `${field}.${i}`, `call_${out.length}_${i}`));
    else if (part.type === 'tool_call_response') {
      flush();
      out.push(toolResponse(part));
    }
    // Reasoning, blob, uri and file parts have no chat-text equivalent.
  }
  flush();
}

function partToolCall(part: JsonRecord, field: string, fallbackId: string): ToolCall {
  if (typeof part.name !== 'string' || part.name === '') return fail(`${field}.name`, 'tool_call part without name');
  const id = typeof part.id === 'string' && part.id !== '' ? part.id : fallbackId;
  return makeToolCall(id, part.name, part.arguments);
}

function toolResponse(part: JsonRecord): ChatMessage {
  const message: ChatMessage = { role: 'tool', content: textOf(part.response ?? part.result) };
  if (typeof part.id === 'string' && part.id !== '') message.tool_call_id = part.id;
  return message;
}
