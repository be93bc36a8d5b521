import { z } from 'zod';
import type { ChatMessage, ChatRequest } from '../../shared/domain/capture.js';

const textBlockSchema = z.looseObject({ type: z.literal('text'), text: z.string() });
const toolUseBlockSchema = z.looseObject({
  type: z.literal('tool_use'),
  id: z.string().min(1),
  name: z.string().min(1),
  input: z.record(z.string(), z.unknown()),
});
const toolResultBlockSchema = z.looseObject({
  type: z.literal('tool_result'),
  tool_use_id: z.string().min(1),
  content: z.union([z.string(), z.array(textBlockSchema)]).optional(),
  is_error: z.boolean().optional(),
});

// Roles fix which blocks are legal: tool results come from the user side, tool calls from the assistant.
const userMessageSchema = z.looseObject({
  role: z.literal('user'),
  content: z.union([z.string(), z.array(z.discriminatedUnion('type', [textBlockSchema, toolResultBlockSchema])).min(1)]),
});
const assistantMessageSchema = z.looseObject({
  role: z.literal('assistant'),
  content: z.union([z.string(), z.array(z.discriminatedUnion('type', [textBlockSchema, toolUseBlockSchema])).min(1)]),
});

/** An Anthropic Messages request body, as far as the sim reads it. */
export const anthropicRequestSchema = z.looseObject({
  model: z.string().min(1),
  max_tokens: z.number().int().positive(),
  system: z.union([z.string(), z.array(textBlockSchema)]).optional(),
  messages: z.array(z.discriminatedUnion('role', [userMessageSchema, assistantMessageSchema])).min(1),
  tools: z.array(z.looseObject({ name: z.string().min(1), description: z.string().optional(), input_schema: z.record(z.string(), z.unknown()) })).optional(),
  stream: z.boolean().optional(),
  temperature: z.number().optional(),
  top_p: z.number().optional(),
});
export type AnthropicRequest = z.infer<typeof anthropicRequestSchema>;

type TextBlock = z.infer<typeof textBlockSchema>;

// Blocks are separate paragraphs to the reader; a newline keeps their words apart.
const joinText = (blocks: readonly TextBlock[]): string => blocks.map((b) => b.text).join('\n');

function userMessages(message: AnthropicRequest['messages'][number] & { role: 'user' }): ChatMessage[] {
  if (typeof message.content === 'string') return [{ role: 'user', content: message.content }];
  const out: ChatMessage[] = [];
  const texts: TextBlock[] = [];
  for (const block of message.content) {
    if (block.type === 'text') texts.push(block);
    else out.push({ role: 'tool', tool_call_id: block.tool_use_id, content: typeof block.content === 'string' ? block.content : joinText(block.content ?? []) });
  }
  // Text after tool results is a new user turn, exactly as an OpenAI client would send it.
  if (texts.length > 0) out.push({ role: 'user', content: joinText(texts) });
  return out;
}

function assistantMessage(message: AnthropicRequest['messages'][number] & { role: 'assistant' }): ChatMessage {
  if (typeof message.content === 'string') return { role: 'assistant', content: message.content };
  const texts = message.content.filter((b): b is TextBlock => b.type === 'text');
  const calls = message.content.flatMap((b) => (b.type === 'tool_use' ? [{ id: b.id, type: 'function' as const, function: { name: b.name, arguments: JSON.stringify(b.input) } }] : []));
  return { role: 'assistant', content: texts.length > 0 ? joinText(texts) : null, ...(calls.length > 0 ? { tool_calls: calls } : {}) };
}

/** The Chat Completions request equivalent to an Anthropic Messages request: the sim answers both alike. */
export function toChatRequest(a: AnthropicRequest): ChatRequest {
  const messages: ChatMessage[] = [];
  if (a.system !== undefined) messages.push({ role: 'system', content: typeof a.system === 'string' ? a.system : joinText(a.system) });
  for (const m of a.messages) {
    if (m.role === 'user') messages.push(...userMessages(m));
    else messages.push(assistantMessage(m));
  }
  return {
    model: a.model,
    messages,
    ...(a.tools ? { tools: a.tools.map((t) => ({ type: 'function', function: { name: t.name, ...(t.description !== undefined ? { description: t.description } : {}), parameters: t.input_schema } })) } : {}),
    max_tokens: a.max_tokens,
    ...(a.temperature !== undefined ? { temperature: a.temperature } : {}),
    ...(a.top_p !== undefined ? { top_p: a.top_p } : {}),
  };
}
