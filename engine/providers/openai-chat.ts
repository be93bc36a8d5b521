import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import type { ChatProvider, ProviderCompletion } from './provider.js';
import { ProviderError } from './provider.js';
import { ChatStreamAssembler } from './openai-stream.js';
import { SseParser } from './sse.js';

/** Parses a Retry-After header (seconds or HTTP date) into milliseconds. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | null {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return null;
  if (/^\d+(\.\d+)?$/.test(v.trim())) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

interface ChatCompletionBody {
  choices?: { message?: { content?: unknown; tool_calls?: { id?: string; function?: { name?: string; arguments?: string } }[] }; finish_reason?: string | null }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number };
  system_fingerprint?: string;
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((p) => (p && typeof p === 'object' && 'text' in p ? String((p as { text: unknown }).text) : '')).join('');
  return '';
}

/**
 * Reads a streamed answer: SSE `chat.completion.chunk` events assembled as they arrive, time to first token
 * taken at the first visible output, and a stream that ends without `[DONE]` treated as a dropped connection.
 */
function readStream(
  res: http.IncomingMessage,
  started: number,
  resolve: (c: ProviderCompletion) => void,
  reject: (e: ProviderError) => void,
): void {
  const parser = new SseParser();
  const assembler = new ChatStreamAssembler();
  let ttftMs: number | null = null;
  let done = false;
  let broken: ProviderError | null = null;
  res.setEncoding('utf8');
  res.on('data', (text: string) => {
    for (const ev of parser.feed(text)) {
      if (ev.data === '[DONE]') {
        done = true;
        continue;
      }
      try {
        if (assembler.feed(JSON.parse(ev.data)) && ttftMs === null) ttftMs = performance.now() - started;
      } catch {
        broken ??= new ProviderError('stream sent a chunk that is not JSON', 'bad_response', res.statusCode ?? null, true);
      }
    }
  });
  res.on('error', (err) => reject(new ProviderError(`stream aborted: ${err.message}`, 'network', res.statusCode ?? null, true)));
  res.on('close', () => {
    if (broken) return reject(broken);
    if (!done) return reject(new ProviderError('stream ended before [DONE]', 'network', res.statusCode ?? null, true));
    const a = assembler.result();
    resolve({ ...a, latencyMs: performance.now() - started, ttftMs, simulated: res.headers['x-canary-gate-simulated'] === 'true' });
  });
}

/**
 * An OpenAI-compatible Chat Completions client over plain HTTP(S) with a keep-alive agent.
 * The API key is read by the caller from the environment and held only in memory.
 */
export class OpenAiChatProvider implements ChatProvider {
  private readonly url: URL;
  private readonly agent: http.Agent;
  private readonly headers: Record<string, string>;

  private readonly stream: boolean;

  constructor(baseUrl: string, opts: { apiKey?: string; headers?: Record<string, string>; maxSockets?: number; stream?: boolean } = {}) {
    this.stream = opts.stream ?? false;
    this.url = new URL(`${baseUrl.replace(/\/+$/, '')}/chat/completions`);
    const Agent = this.url.protocol === 'https:' ? https.Agent : http.Agent;
    this.agent = new Agent({ keepAlive: true, maxSockets: opts.maxSockets ?? 64 });
    this.headers = {
      'content-type': 'application/json',
      accept: 'application/json',
      ...(opts.headers ?? {}),
      ...(opts.apiKey ? { authorization: `Bearer ${opts.apiKey}` } : {}),
    };
  }

  /** Sends one request; resolves with the completion or rejects with a ProviderError. */
  complete(body: Record<string, unknown>, opts: { timeoutMs: number; signal?: AbortSignal }): Promise<ProviderCompletion> {
    const payload = JSON.stringify(this.stream ? { ...body, stream: true, stream_options: { include_usage: true } } : body);
    const started = performance.now();
    const lib = this.url.protocol === 'https:' ? https : http;
    return new Promise<ProviderCompletion>((resolve, reject) => {
      const req = lib.request(
        this.url,
        { method: 'POST', agent: this.agent, headers: { ...this.headers, 'content-length': Buffer.byteLength(payload) }, signal: opts.signal },
        (res) => {
          const status = res.statusCode ?? 0;
          if (this.stream && status >= 200 && status < 300) {
            readStream(res, started, resolve, reject);
            return;
          }
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', (err) => reject(new ProviderError(`response aborted: ${err.message}`, 'network', res.statusCode ?? null, true)));
          res.on('end', () => {
            const latencyMs = performance.now() - started;
            const text = Buffer.concat(chunks).toString('utf8');
            if (status < 200 || status >= 300) {
              const retryable = status === 408 || status === 409 || status === 429 || status >= 500;
              reject(new ProviderError(`HTTP ${status}: ${text.slice(0, 300)}`, 'http', status, retryable, parseRetryAfter(res.headers['retry-after'])));
              return;
            }
            let parsed: ChatCompletionBody;
            try {
              parsed = JSON.parse(text) as ChatCompletionBody;
            } catch {
              reject(new ProviderError(`response is not JSON: ${text.slice(0, 120)}`, 'bad_response', status, true));
              return;
            }
            const choice = parsed.choices?.[0];
            if (!choice?.message) {
              reject(new ProviderError('response has no choices[0].message', 'bad_response', status, true));
              return;
            }
            resolve({
              text: textOf(choice.message.content),
              finishReason: choice.finish_reason ?? null,
              toolCalls: (choice.message.tool_calls ?? []).map((t) => ({ id: t.id ?? '', name: t.function?.name ?? '', arguments: t.function?.arguments ?? '' })),
              promptTokens: parsed.usage?.prompt_tokens ?? null,
              completionTokens: parsed.usage?.completion_tokens ?? null,
              latencyMs,
              ttftMs: null,
              simulated: res.headers['x-canary-gate-simulated'] === 'true',
            });
          });
        },
      );
      req.setTimeout(opts.timeoutMs, () => req.destroy(new ProviderError(`no answer within ${opts.timeoutMs} ms`, 'timeout', null, true)));
      req.on('error', (err) => {
        if (err instanceof ProviderError) reject(err);
        else if (err.name === 'AbortError') reject(new ProviderError('aborted', 'network', null, false));
        else reject(new ProviderError(`${(err as NodeJS.ErrnoException).code ?? 'network error'}: ${err.message}`, 'network', null, true));
      });
      req.end(payload);
    });
  }

  /** Closes idle keep-alive sockets. */
  close(): void {
    this.agent.destroy();
  }
}
