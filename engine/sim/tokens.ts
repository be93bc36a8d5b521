import type { ChatMessage } from '../../shared/domain/capture.js';
import { messageText } from './text.js';

/** Tokens of a text by the usual rule of thumb: one token per four characters. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Prompt tokens of a request: each message's text and tool calls plus 4 tokens of framing, and the tool schemas. */
export function estimatePromptTokens(messages: readonly ChatMessage[], tools?: readonly unknown[]): number {
  let total = 0;
  for (const m of messages) {
    const calls = (m.tool_calls ?? []).map((c) => c.function.name + c.function.arguments).join('');
    total += estimateTokens(messageText(m.content) + calls) + 4;
  }
  if (tools && tools.length > 0) total += estimateTokens(JSON.stringify(tools));
  return total;
}
