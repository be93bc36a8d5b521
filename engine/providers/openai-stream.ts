import { openAiUsage, type TokenUsage } from './usage.js';

/** What a streamed Chat Completion adds up to. */
export interface AssembledChat {
  text: string;
  finishReason: string | null;
  toolCalls: { id: string; name: string; arguments: string }[];
  promptTokens: number | null;
  completionTokens: number | null;
  cachedPromptTokens: number | null;
}

interface ChunkDelta {
  content?: string | null;
  tool_calls?: { index?: number; id?: string; function?: { name?: string; arguments?: string } }[];
}

interface Chunk {
  choices?: { index?: number; delta?: ChunkDelta; finish_reason?: string | null }[];
  usage?: unknown;
}

/**
 * Assembles `chat.completion.chunk` events into one answer: content deltas concatenated, tool calls put
 * together by their index (the id and name arrive first, the arguments in pieces), the finish reason, and the
 * usage that only the last chunk carries (when `stream_options.include_usage` was asked for).
 */
export class ChatStreamAssembler {
  private text = '';
  private finishReason: string | null = null;
  private readonly calls = new Map<number, { id: string; name: string; arguments: string }>();
  private usage: TokenUsage = { promptTokens: null, completionTokens: null, cachedPromptTokens: null };

  /** Adds one parsed chunk; returns true when it carried visible output (for time to first token). */
  feed(chunk: unknown): boolean {
    const c = chunk as Chunk;
    let output = false;
    for (const choice of c.choices ?? []) {
      if ((choice.index ?? 0) !== 0) continue;
      const d = choice.delta ?? {};
      if (typeof d.content === 'string' && d.content.length > 0) {
        this.text += d.content;
        output = true;
      }
      for (const t of d.tool_calls ?? []) {
        const i = t.index ?? 0;
        const call = this.calls.get(i) ?? { id: '', name: '', arguments: '' };
        if (t.id) call.id = t.id;
        if (t.function?.name) call.name += t.function.name;
        if (t.function?.arguments) call.arguments += t.function.arguments;
        this.calls.set(i, call);
        output = true;
      }
      if (choice.finish_reason) this.finishReason = choice.finish_reason;
    }
    if (c.usage) this.usage = openAiUsage(c.usage);
    return output;
  }

  /** The answer so far. */
  result(): AssembledChat {
    return {
      text: this.text,
      finishReason: this.finishReason,
      toolCalls: [...this.calls.entries()].sort(([a], [b]) => a - b).map(([, c]) => c),
      ...this.usage,
    };
  }
}
