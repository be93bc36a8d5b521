import type { ChatMessage, ToolCall } from '../../../shared/domain/capture.js';
import { assistantMessage, chatRole, contentFromParts, makeToolCall, partText, textOf } from './chat-parts.js';
import { fail, isRecord, jsonType, shown, type JsonRecord } from './json-values.js';

/**
 * Appends the chat messages for Responses `input` items: messages keep their role, function_call items become
 * tool_calls of the assistant turn they belong to, function_call_output items become tool messages. Reasoning,
 * item references and hosted-tool items (web/file search, computer use) carry nothing a chat replay can send.
 */
export function appendInputItems(out: ChatMessage[], items: readonly unknown[], field: string): void {
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const at = `${field}.${i}`;
    if (!isRecord(item)) return fail(at, `expected an input item object, got ${jsonType(item)}`);
    const type = item.type;
    if (type === 'function_call') attachToolCall(out, functionCall(item, at));
    else if (type === 'function_call_output') out.push(toolOutput(item, at));
    else if (type === 'message' || (type === undefined && item.role !== undefined)) out.push(inputMessage(item, at));
  }
}

function inputMessage(item: JsonRecord, field: string): ChatMessage {
  const role = chatRole(item.role);
  if (role === undefined || role === 'tool') return fail(`${field}.role`, `unknown message role ${shown(item.role)}`);
  const content = item.content;
  if (typeof content === 'string') return { role, content };
  if (!Array.isArray(content)) return fail(`${field}.content`, `expected a string or content parts, got ${jsonType(content)}`);
  // A refusal an earlier turn returned is replayed as that turn's text.
  const parts = content.map((part) => (isRecord(part) && part.type === 'refusal' ? { type: 'output_text', text: part.refusal } : part));
  return { role, content: contentFromParts(parts, `${field}.content`) };
}

/** A function_call item (input history or output) as a canonical tool call. */
export function functionCall(item: JsonRecord, field: string): ToolCall {
  const id = item.call_id ?? item.id;
  if (typeof id !== 'string' || id === '') return fail(`${field}.call_id`, 'function_call without call_id');
  if (typeof item.name !== 'string' || item.name === '') return fail(`${field}.name`, 'function_call without name');
  return makeToolCall(id, item.name, item.arguments);
}

// Consecutive function calls, and calls right after the assistant's text, are one assistant turn in chat form.
function attachToolCall(out: ChatMessage[], call: ToolCall): void {
  const last = out[out.length - 1];
  if (last && last.role === 'assistant') (last.tool_calls ??= []).push(call);
  else out.push(assistantMessage(null, [call]));
}

function toolOutput(item: JsonRecord, field: string): ChatMessage {
  const id = item.call_id;
  if (typeof id !== 'string' || id === '') return fail(`${field}.call_id`, 'function_call_output without call_id');
  const output = item.output;
  let content: string;
  if (Array.isArray(output)) {
    content = '';
    for (const part of output) {
      const t = isRecord(part) ? partText(part) : undefined;
      if (t !== undefined) content += t;
    }
  } else content = textOf(output);
  return { role: 'tool', tool_call_id: id, content };
}

/** The assistant message a Responses `output` adds up to: output_text joined, refusals kept, function calls as tool_calls. */
export function outputMessage(output: readonly unknown[], field: string): { message: ChatMessage; hasToolCalls: boolean } {
  let text: string | null = null;
  let refusal: string | null = null;
  const calls: ToolCall[] = [];
  for (let i = 0; i < output.length; i++) {
    const item = output[i];
    const at = `${field}.${i}`;
    if (!isRecord(item)) return fail(at, `expected an output item object, got ${jsonType(item)}`);
    if (item.type === 'function_call') calls.push(functionCall(item, at));
    else if (item.type === 'message') {
      const content = item.content;
      if (typeof content === 'string') text = (text ?? '') + content;
      else if (Array.isArray(content)) {
        for (const part of content) {
          if (!isRecord(part)) continue;
          if (part.type === 'refusal' && typeof part.refusal === 'string') refusal = (refusal ?? '') + part.refusal;
          const t = partText(part);
          if (t !== undefined) text = (text ?? '') + t;
        }
      }
    }
  }
  const message = assistantMessage(text, calls);
  if (refusal !== null) message.refusal = refusal;
  return { message, hasToolCalls: calls.length > 0 };
}
