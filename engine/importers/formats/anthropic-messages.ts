import type { ChatMessage, ToolCall } from '../../../shared/domain/capture.js';
import { assistantMessage, contentFromParts, makeToolCall, partText } from './chat-parts.js';
import { fail, isRecord, jsonType, shown, type JsonRecord } from './json-values.js';

/** True when a content list holds Anthropic tool blocks, which need this module's conversion. */
export function hasAnthropicToolBlocks(content: readonly unknown[]): boolean {
  for (const block of content) if (isRecord(block) && (block.type === 'tool_use' || block.type === 'tool_result')) return true;
  return false;
}

/** The system message for Anthropic's `system` (a string or text blocks), or undefined when absent. */
export function anthropicSystem(system: unknown, field: string): ChatMessage | undefined {
  if (system === undefined || system === null) return undefined;
  if (typeof system === 'string') return { role: 'system', content: system };
  if (!Array.isArray(system)) return fail(field, `expected a string or text blocks, got ${jsonType(system)}`);
  const content = contentFromParts(system, field);
  return { role: 'system', content };
}

/**
 * Appends the chat messages of one Anthropic message: a user message's tool_result blocks become `tool` messages
 * in block order (other blocks around them stay user messages), an assistant message's tool_use blocks become
 * tool_calls; thinking and server-tool blocks are not replayable and are dropped.
 */
export function appendAnthropicMessage(out: ChatMessage[], value: unknown, field: string): void {
  if (!isRecord(value)) return fail(field, `expected a message object, got ${jsonType(value)}`);
  const role = value.role;
  if (role !== 'user' && role !== 'assistant') return fail(`${field}.role`, `expected user or assistant, got ${shown(role)}`);
  const content = value.content;
  if (typeof content === 'string') {
    out.push({ role, content });
    return;
  }
  if (!Array.isArray(content)) return fail(`${field}.content`, `expected a string or content blocks, got ${jsonType(content)}`);
  if (role === 'assistant') out.push(anthropicAssistantMessage(content, `${field}.content`));
  else appendUserBlocks(out, content, `${field}.content`);
}

/** The assistant message for Anthropic content blocks (a response's `content`, or an assistant turn). */
export function anthropicAssistantMessage(blocks: readonly unknown[], field: string): ChatMessage {
  let text: string | null = null;
  const calls: ToolCall[] = [];
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i];
    if (!isRecord(block)) return fail(`${field}.${i}`, `expected a content block, got ${jsonType(block)}`);
    if (block.type === 'text') {
      if (typeof block.text !== 'string') return fail(`${field}.${i}.text`, 'text block without text');
      text = (text ?? '') + block.text;
    } else if (block.type === 'tool_use') {
      calls.push(toolUseCall(block, `${field}.${i}`));
    }
  }
  return assistantMessage(text, calls);
}

function toolUseCall(block: JsonRecord, field: string): ToolCall {
  if (typeof block.id !== 'string' || block.id === '') return fail(`${field}.id`, 'tool_use block without id');
  if (typeof block.name !== 'string' || block.name === '') return fail(`${field}.name`, 'tool_use block without name');
  // Anthropic input is an object; canonical arguments are its JSON text.
  return makeToolCall(block.id, block.name, block.input === undefined ? {} : block.input);
}

function appendUserBlocks(out: ChatMessage[], blocks: readonly unknown[], field: string): void {
  let pending: unknown[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    out.push({ role: 'user', content: contentFromParts(pending, field) });
    pending = [];
  };
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i];
    if (!isRecord(block)) return fail(`${field}.${i}`, `expected a content block, got ${jsonType(block)}`);
    if (block.type === 'tool_result') {
      flush();
      out.push(toolResultMessage(block, `${field}.${i}`));
    } else if (block.type !== 'thinking' && block.type !== 'redacted_thinking') {
      pending.push(block);
    }
  }
  flush();
}

function toolResultMessage(block: JsonRecord, field: string): ChatMessage {
  const id = block.tool_use_id;
  if (typeof id !== 'string' || id === '') return fail(`${field}.tool_use_id`, 'tool_result block without tool_use_id');
  return { role: 'tool', tool_call_id: id, content: toolResultText(block.content, `${field}.content`) };
}

// A chat tool message carries text only: text blocks are joined, other blocks (images) cannot travel.
function toolResultText(content: unknown, field: string): string {
  if (content === undefined || content === null) return '';
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return fail(field, `expected a string or content blocks, got ${jsonType(content)}`);
  let text = '';
  for (const block of content) {
    const t = isRecord(block) ? partText(block) : undefined;
    if (t !== undefined) text += t;
  }
  return text;
}
