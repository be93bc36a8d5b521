import { anthropicUsage } from './usage.js';
import { finishReasonOf, toAnthropicRequest } from './anthropic-request.js';
import { JsonHttpTransport, readJson, readSse } from './http-transport.js';
import type { ChatProvider, ProviderCompletion } from './provider.js';
import { ProviderError } from './provider.js';

interface ContentBlock {
  type: string;
  text?: string;
  id?: string;
  name?: string;
  input?: unknown;
}

interface MessageBody {
  content?: ContentBlock[];
  stop_reason?: string | null;
  usage?: unknown;
}

/** The Messages API version every Anthropic client sends. */
export const ANTHROPIC_API_VERSION = '2023-06-01';

/**
 * Reads a Messages response body (answered now, or a batch result's `message`) into a completion: text blocks
 * joined, tool_use blocks as tool calls; `latencyMs` is null when the call was not timed.
 */
export function completionFromMessage(json: unknown, latencyMs: number | null, simulated: boolean, status: number | null): ProviderCompletion {
  const m = json as MessageBody;
  if (!Array.isArray(m?.content)) throw new ProviderError('response has no content blocks', 'bad_response', status, true);
  return {
    text: m.content.filter((b) => b.type === 'text').map((b) => b.text ?? '').join(''),
    finishReason: finishReasonOf(m.stop_reason),
    toolCalls: m.content.filter((b) => b.type === 'tool_use').map((b) => ({ id: b.id ?? '', name: b.name ?? '', arguments: JSON.stringify(b.input ?? {}) })),
    ...anthropicUsage(m.usage),
    latencyMs,
    ttftMs: null,
    simulated,
  };
}

/**
 * The Anthropic Messages API over plain HTTP(S): requests converted from the chat form cases store, answers
 * converted back (text blocks joined, tool_use blocks as tool calls), streaming with time to first token.
 */
export class AnthropicMessagesProvider implements ChatProvider {
  private readonly transport: JsonHttpTransport;
  private readonly stream: boolean;

  constructor(baseUrl: string, opts: { apiKey?: string; headers?: Record<string, string>; maxSockets?: number; stream?: boolean } = {}) {
    this.stream = opts.stream ?? false;
    this.transport = new JsonHttpTransport(
      new URL(`${baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '')}/v1/messages`),
      {
        'content-type': 'application/json',
        'anthropic-version': ANTHROPIC_API_VERSION,
        ...(opts.headers ?? {}),
        ...(opts.apiKey ? { 'x-api-key': opts.apiKey } : {}),
      },
      opts.maxSockets ?? 64,
    );
  }

  /** Sends one request; resolves with the completion or rejects with a ProviderError. */
  complete(body: Record<string, unknown>, opts: { timeoutMs: number; signal?: AbortSignal }): Promise<ProviderCompletion> {
    const request = toAnthropicRequest(body);
    if (this.stream) return this.transport.post({ ...request, stream: true }, opts, (ok) => this.readStream(ok));
    return this.transport.post(request, opts, async (ok) => {
      const { json, latencyMs } = await readJson(ok);
      return completionFromMessage(json, latencyMs, ok.simulated, ok.res.statusCode ?? null);
    });
  }

  private async readStream(ok: Parameters<Parameters<JsonHttpTransport['post']>[2]>[0]): Promise<ProviderCompletion> {
    let text = '';
    let stopReason: string | null = null;
    let startUsage: unknown = null;
    let output: number | null = null;
    const tools = new Map<number, { id: string; name: string; arguments: string }>();
    const t = await readSse(ok, (ev) => {
      const data = JSON.parse(ev.data) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
      switch (data.type) {
        case 'message_start':
          startUsage = data.message?.usage ?? null;
          return 'other';
        case 'content_block_start':
          if (data.content_block?.type === 'tool_use') tools.set(data.index, { id: data.content_block.id, name: data.content_block.name, arguments: '' });
          return 'other';
        case 'content_block_delta':
          if (data.delta?.type === 'text_delta') {
            text += data.delta.text;
            return 'output';
          }
          if (data.delta?.type === 'input_json_delta') {
            const call = tools.get(data.index);
            if (call) call.arguments += data.delta.partial_json;
            return 'output';
          }
          return 'other';
        case 'message_delta':
          stopReason = data.delta?.stop_reason ?? stopReason;
          output = data.usage?.output_tokens ?? output;
          return 'other';
        case 'message_stop':
          return 'done';
        case 'error':
          throw new Error(data.error?.message ?? 'stream error');
        default:
          return 'other';
      }
    });
    return {
      text,
      finishReason: finishReasonOf(stopReason),
      toolCalls: [...tools.entries()].sort(([a], [b]) => a - b).map(([, c]) => ({ ...c, arguments: c.arguments || '{}' })),
      // message_start carries the prompt's usage; message_delta the final output count.
      ...anthropicUsage({ ...(startUsage as object | null), ...(output !== null ? { output_tokens: output } : {}) }),
      ...t,
      simulated: ok.simulated,
    };
  }

  /** Closes idle keep-alive sockets. */
  close(): void {
    this.transport.close();
  }
}
