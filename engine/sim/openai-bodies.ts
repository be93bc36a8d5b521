import type { SimCompletion } from './simulate.js';

/** An OpenAI-style error body. */
export interface OpenAiErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

/** Builds an OpenAI-style error body. */
export function errorBody(message: string, type: string, code: string | null, param: string | null = null): OpenAiErrorBody {
  return { error: { message, type, param, code } };
}

/** The assistant message of a completion: its text, or (content null) its tool calls. */
function assistantMessage(c: SimCompletion): Record<string, unknown> {
  if (c.toolCalls.length === 0) return { role: 'assistant', content: c.content };
  return { role: 'assistant', content: null, tool_calls: c.toolCalls.map((t) => ({ id: t.id, type: 'function', function: { name: t.name, arguments: t.arguments } })) };
}

/** The Chat Completions response body for a simulated completion, labelled as simulated. */
export function completionBody(c: SimCompletion, createdSeconds: number): Record<string, unknown> {
  return {
    id: `chatcmpl-sim-${c.requestHash.slice(0, 24)}`,
    object: 'chat.completion',
    created: createdSeconds,
    model: c.model,
    system_fingerprint: 'simulated',
    choices: [{ index: 0, message: assistantMessage(c), finish_reason: c.finishReason }],
    usage: c.usage,
  };
}
