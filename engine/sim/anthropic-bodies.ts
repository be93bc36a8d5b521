import type { SimCompletion } from './simulate.js';
import type { TimedEvent } from './sim-dialect.js';
import type { StreamPlan } from './stream-plan.js';

/** An Anthropic-style error body. */
export interface AnthropicErrorBody {
  type: 'error';
  error: { type: string; message: string };
}

/** Builds an Anthropic-style error body. */
export function anthropicErrorBody(type: string, message: string): AnthropicErrorBody {
  return { type: 'error', error: { type, message } };
}

const messageId = (c: SimCompletion): string => `msg_sim_${c.requestHash.slice(0, 24)}`;
const stopReason = (c: SimCompletion): 'end_turn' | 'max_tokens' | 'tool_use' =>
  c.finishReason === 'length' ? 'max_tokens' : c.finishReason === 'tool_calls' ? 'tool_use' : 'end_turn';
// Anthropic names tool calls toolu_…; the sim derives the id from the same request hash as the OpenAI form.
const toolUseId = (id: string): string => id.replace(/^call_/, 'toolu_');

/** The content blocks of a completion: its text, or its tool calls as tool_use blocks. */
function contentBlocks(c: SimCompletion): Record<string, unknown>[] {
  if (c.toolCalls.length === 0) return [{ type: 'text', text: c.content }];
  return c.toolCalls.map((t) => ({ type: 'tool_use', id: toolUseId(t.id), name: t.name, input: JSON.parse(t.arguments) as unknown }));
}

/** The Messages response body for a simulated completion. */
export function anthropicMessageBody(c: SimCompletion): Record<string, unknown> {
  return {
    id: messageId(c),
    type: 'message',
    role: 'assistant',
    model: c.model,
    content: contentBlocks(c),
    stop_reason: stopReason(c),
    stop_sequence: null,
    usage: { input_tokens: c.usage.prompt_tokens, output_tokens: c.usage.completion_tokens },
  };
}

/** An Anthropic-style SSE event: the event name line, then the JSON. */
export function namedEvent(body: { type: string; [key: string]: unknown }): string {
  return `event: ${body.type}\ndata: ${JSON.stringify(body)}\n\n`;
}

/** The Messages stream of a simulated completion, from message_start to message_stop, with one text or tool_use block. */
export function anthropicStreamEvents(c: SimCompletion, plan: StreamPlan): TimedEvent[] {
  const call = c.toolCalls[0];
  const frame = (atMs: number, body: { type: string; [key: string]: unknown }): TimedEvent => ({ atMs, data: namedEvent(body), content: false });
  const start = {
    type: 'message_start',
    message: { id: messageId(c), type: 'message', role: 'assistant', model: c.model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: c.usage.prompt_tokens, output_tokens: 0 } },
  };
  return [
    frame(0, start),
    frame(0, { type: 'content_block_start', index: 0, content_block: call ? { type: 'tool_use', id: toolUseId(call.id), name: call.name, input: {} } : { type: 'text', text: '' } }),
    ...plan.deltas.map((d): TimedEvent => ({
      atMs: d.atMs,
      data: namedEvent({ type: 'content_block_delta', index: 0, delta: call ? { type: 'input_json_delta', partial_json: d.text } : { type: 'text_delta', text: d.text } }),
      content: true,
    })),
    frame(plan.endMs, { type: 'content_block_stop', index: 0 }),
    frame(plan.endMs, { type: 'message_delta', delta: { stop_reason: stopReason(c), stop_sequence: null }, usage: { output_tokens: c.usage.completion_tokens } }),
    frame(plan.endMs, { type: 'message_stop' }),
  ];
}
