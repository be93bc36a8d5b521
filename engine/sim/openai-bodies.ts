import type { SimCompletion } from './simulate.js';

/** An OpenAI-style error body. */
export interface OpenAiErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

/** Builds an OpenAI-style error body. */
export function errorBody(message: string, type: string, code: string | null, param: string | null = null): OpenAiErrorBody {
  return { error: { message, type, param, code } };
}

/** The Chat Completions response body for a simulated completion, labelled as simulated. */
export function completionBody(c: SimCompletion, createdSeconds: number): Record<string, unknown> {
  return {
    id: `chatcmpl-sim-${c.requestHash.slice(0, 24)}`,
    object: 'chat.completion',
    created: createdSeconds,
    model: c.model,
    system_fingerprint: 'simulated',
    choices: [{ index: 0, message: { role: 'assistant', content: c.content }, finish_reason: c.finishReason }],
    usage: c.usage,
  };
}
