import type { ChatMessage } from '../../../shared/domain/capture.js';
import { partText } from './chat-parts.js';
import { fail, isRecord, jsonType } from './json-values.js';
import { appendLooseMessage, looseAssistantMessage } from './loose-messages.js';

/** One response choice read from a span. */
export interface SpanChoice {
  message: ChatMessage;
  finishReason: string | null;
}

/** The JSON-string or structured value of a content attribute; truncated JSON (attribute length limits) is reported. */
function structured(value: unknown, field: string): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return fail(field, 'not valid JSON (cut by an attribute length limit?)');
  }
}

function messageList(value: unknown, field: string): unknown[] {
  const list = structured(value, field);
  if (!Array.isArray(list)) return fail(field, `expected a message list, got ${jsonType(list)}`);
  return list;
}

/** Messages of the current GenAI conventions (`gen_ai.input.messages`), or undefined when the span has none. */
export function newGenInput(gen: ReadonlyMap<string, unknown>): ChatMessage[] | undefined {
  const input = gen.get('gen_ai.input.messages');
  if (input === undefined) return undefined;
  const out: ChatMessage[] = [];
  const list = messageList(input, 'gen_ai.input.messages');
  for (let i = 0; i < list.length; i++) appendLooseMessage(out, list[i], `gen_ai.input.messages.${i}`);
  return out;
}

/**
 * The system instructions given apart from the messages (`gen_ai.system_instructions`, or the dotted
 * `gen_ai.system.instructions` some instrumentations write) as text, whatever convention the messages use.
 */
export function systemInstructions(gen: ReadonlyMap<string, unknown>): string | undefined {
  const instructions = gen.get('gen_ai.system_instructions') ?? gen.get('gen_ai.system.instructions');
  if (instructions === undefined || instructions === null) return undefined;
  const text = systemText(instructions);
  return text === '' ? undefined : text;
}

// Instructions are a part list in the conventions, but plain prompt text is common too (and may not be JSON).
function systemText(value: unknown): string | undefined {
  let parts = value;
  if (typeof value === 'string') {
    try {
      parts = JSON.parse(value) as unknown;
    } catch {
      return value;
    }
    if (!Array.isArray(parts)) return value;
  }
  if (!Array.isArray(parts)) return fail('gen_ai.system_instructions', `expected parts or text, got ${jsonType(parts)}`);
  let text = '';
  for (const part of parts) {
    const t = isRecord(part) ? partText(part) : typeof part === 'string' ? part : undefined;
    if (t !== undefined) text += t;
  }
  return text;
}

/** Choices of the current conventions (`gen_ai.output.messages`, each may carry finish_reason), or undefined. */
export function newGenOutput(gen: ReadonlyMap<string, unknown>): SpanChoice[] | undefined {
  const output = gen.get('gen_ai.output.messages');
  if (output === undefined) return undefined;
  const list = messageList(output, 'gen_ai.output.messages');
  return list.map((m, i) => ({
    message: looseAssistantMessage(m, `gen_ai.output.messages.${i}`),
    finishReason: isRecord(m) && typeof m.finish_reason === 'string' ? m.finish_reason : null,
  }));
}

/** Tool definitions (`gen_ai.tool.definitions`, JSON string or structured), or undefined. */
export function newGenTools(gen: ReadonlyMap<string, unknown>): unknown {
  const value = gen.get('gen_ai.tool.definitions');
  return value === undefined ? undefined : structured(value, 'gen_ai.tool.definitions');
}
