import type { ChatMessage } from '../../shared/domain/capture.js';

type Block =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: unknown }
  | { type: 'tool_result'; tool_use_id: string; content: string };

/** An Anthropic Messages request body. */
export interface AnthropicRequest {
  model: string;
  max_tokens: number;
  system?: string;
  messages: { role: 'user' | 'assistant'; content: Block[] }[];
  tools?: { name: string; description?: string; input_schema: unknown }[];
  temperature?: number;
  top_p?: number;
}

/** Anthropic requires max_tokens; this is what a replay asks for when the captured request did not say. */
export const DEFAULT_MAX_TOKENS = 1024;

function textOf(content: ChatMessage['content']): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((p) => p.text ?? '').join('');
  return '';
}

function parseArguments(args: string): unknown {
  try {
    return JSON.parse(args);
  } catch {
    // Anthropic wants an object: keep a model's malformed arguments visible rather than dropping them.
    return { _raw: args };
  }
}

/**
 * Turns a chat-form request (what cases store) into an Anthropic Messages request: system messages into
 * `system`, assistant tool calls into `tool_use` blocks, tool messages into `tool_result` blocks of a user
 * turn (consecutive ones merged, as the API requires alternating roles), function tools into `input_schema`.
 */
export function toAnthropicRequest(body: Record<string, unknown>): AnthropicRequest {
  const messages = (body.messages ?? []) as ChatMessage[];
  const system = messages.filter((m) => m.role === 'system' || m.role === 'developer').map((m) => textOf(m.content)).join('\n\n');
  const out: AnthropicRequest['messages'] = [];
  const push = (role: 'user' | 'assistant', blocks: Block[]) => {
    if (blocks.length === 0) return;
    const last = out.at(-1);
    if (last && last.role === role) last.content.push(...blocks);
    else out.push({ role, content: blocks });
  };
  for (const m of messages) {
    if (m.role === 'system' || m.role === 'developer') continue;
    const text = textOf(m.content);
    if (m.role === 'tool') {
      push('user', [{ type: 'tool_result', tool_use_id: m.tool_call_id ?? '', content: text }]);
    } else if (m.role === 'assistant') {
      push('assistant', [
        ...(text ? [{ type: 'text' as const, text }] : []),
        ...(m.tool_calls ?? []).map((t) => ({ type: 'tool_use' as const, id: t.id, name: t.function.name, input: parseArguments(t.function.arguments) })),
      ]);
    } else {
      push('user', [{ type: 'text', text }]);
    }
  }
  const tools = (body.tools as { type?: string; function?: { name: string; description?: string; parameters?: unknown } }[] | undefined)
    ?.filter((t) => t.function)
    .map((t) => ({ name: t.function!.name, ...(t.function!.description ? { description: t.function!.description } : {}), input_schema: t.function!.parameters ?? { type: 'object' } }));
  return {
    model: String(body.model),
    max_tokens: typeof body.max_tokens === 'number' ? body.max_tokens : DEFAULT_MAX_TOKENS,
    ...(system ? { system } : {}),
    messages: out,
    ...(tools && tools.length ? { tools } : {}),
    ...(typeof body.temperature === 'number' ? { temperature: body.temperature } : {}),
    ...(typeof body.top_p === 'number' ? { top_p: body.top_p } : {}),
  };
}

/** Anthropic stop reasons in the chat vocabulary the scorers and reports use. */
export function finishReasonOf(stopReason: string | null | undefined): string | null {
  switch (stopReason) {
    case 'end_turn':
    case 'stop_sequence':
      return 'stop';
    case 'max_tokens':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    default:
      return stopReason ?? null;
  }
}
