import { openAiUsage } from './usage.js';
import { JsonHttpTransport, readJson, readSse } from './http-transport.js';
import { ChatStreamAssembler } from './openai-stream.js';
import type { ChatProvider, ProviderCompletion } from './provider.js';
import { ProviderError } from './provider.js';

export { parseRetryAfter } from './http-transport.js';

interface ChatCompletionBody {
  choices?: { message?: { content?: unknown; tool_calls?: { id?: string; function?: { name?: string; arguments?: string } }[] }; finish_reason?: string | null }[];
  usage?: unknown;
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((p) => (p && typeof p === 'object' && 'text' in p ? String((p as { text: unknown }).text) : '')).join('');
  return '';
}

/**
 * Reads a Chat Completions response body (answered now, or a line of a batch's output) into a completion;
 * `latencyMs` is null when the call was not timed.
 */
export function completionFromChatBody(json: unknown, latencyMs: number | null, simulated: boolean, status: number | null): ProviderCompletion {
  const parsed = json as ChatCompletionBody;
  const choice = parsed?.choices?.[0];
  if (!choice?.message) throw new ProviderError('response has no choices[0].message', 'bad_response', status, true);
  return {
    text: textOf(choice.message.content),
    finishReason: choice.finish_reason ?? null,
    toolCalls: (choice.message.tool_calls ?? []).map((t) => ({ id: t.id ?? '', name: t.function?.name ?? '', arguments: t.function?.arguments ?? '' })),
    ...openAiUsage(parsed.usage),
    latencyMs,
    ttftMs: null,
    simulated,
  };
}

/**
 * An OpenAI-compatible Chat Completions client (OpenAI, Azure OpenAI, vLLM, Ollama, llama.cpp, LM Studio,
 * LiteLLM) over plain HTTP(S). Streaming (SSE) records the time to first token. The API key is read by the
 * caller from the environment and held only in memory.
 */
export class OpenAiChatProvider implements ChatProvider {
  private readonly transport: JsonHttpTransport;
  private readonly stream: boolean;

  constructor(baseUrl: string, opts: { apiKey?: string; headers?: Record<string, string>; maxSockets?: number; stream?: boolean } = {}) {
    this.stream = opts.stream ?? false;
    this.transport = new JsonHttpTransport(
      new URL(`${baseUrl.replace(/\/+$/, '')}/chat/completions`),
      {
        'content-type': 'application/json',
        accept: this.stream ? 'text/event-stream' : 'application/json',
        ...(opts.headers ?? {}),
        ...(opts.apiKey ? { authorization: `Bearer ${opts.apiKey}` } : {}),
      },
      opts.maxSockets ?? 64,
    );
  }

  /** Sends one request; resolves with the completion or rejects with a ProviderError. */
  complete(body: Record<string, unknown>, opts: { timeoutMs: number; signal?: AbortSignal; payload?: Uint8Array }): Promise<ProviderCompletion> {
    if (this.stream) {
      return this.transport.post({ ...body, stream: true, stream_options: { include_usage: true } }, opts, async (ok) => {
        const assembler = new ChatStreamAssembler();
        const t = await readSse(ok, (ev) => (ev.data === '[DONE]' ? 'done' : assembler.feed(JSON.parse(ev.data)) ? 'output' : 'other'));
        return { ...assembler.result(), ...t, simulated: ok.simulated };
      });
    }
    // Sent as it is: the caller's bytes of it, when it has them.
    return this.transport.post(
      body,
      opts,
      async (ok) => {
        const { json, latencyMs } = await readJson(ok);
        return completionFromChatBody(json, latencyMs, ok.simulated, ok.res.statusCode ?? null);
      },
      opts.payload,
    );
  }

  /** Closes idle keep-alive sockets. */
  close(): void {
    this.transport.close();
  }
}
