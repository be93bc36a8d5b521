import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import { urlToHttpOptions } from 'node:url';
import { scrubSecrets } from '../secrets.js';
import { ProviderError } from './provider.js';
import { SseParser, type SseEvent } from './sse.js';

/** Parses a Retry-After header (seconds or HTTP date) into milliseconds. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | null {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return null;
  if (/^\d+(\.\d+)?$/.test(v.trim())) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** The requests in flight under each caller's signal; one abort listener per signal, however many calls share it. */
const inFlightBySignal = new WeakMap<AbortSignal, Set<http.ClientRequest>>();

/**
 * Destroys the request when the signal aborts. Rather than the `signal` option of `http.request`, whose per-request
 * stream bookkeeping cost more than the rest of the call, and rather than a listener per request, which a replay's
 * dozens of concurrent calls on one signal would pile up (and Node would warn about).
 */
function abortWith(signal: AbortSignal, req: http.ClientRequest): void {
  let inFlight = inFlightBySignal.get(signal);
  if (!inFlight) {
    const requests = new Set<http.ClientRequest>();
    inFlight = requests;
    inFlightBySignal.set(signal, requests);
    signal.addEventListener('abort', () => {
      for (const r of requests) r.destroy(Object.assign(new Error('aborted'), { name: 'AbortError' }));
      requests.clear();
    }, { once: true });
  }
  const requests = inFlight;
  requests.add(req);
  req.once('close', () => requests.delete(req));
}

/** What a successful response hands to a provider's reader. */
export interface OkResponse {
  res: http.IncomingMessage;
  started: number;
  simulated: boolean;
}

/**
 * POSTs JSON over a keep-alive agent and turns every failure into a ProviderError that says whether a retry
 * can help: non-2xx (with Retry-After), timeouts, dropped connections, aborts. Shared by every HTTP provider.
 */
export class JsonHttpTransport {
  private readonly agent: http.Agent;
  private readonly lib: typeof http | typeof https;
  /** The endpoint as request options, parsed once rather than on every call. */
  private readonly target: http.RequestOptions;

  constructor(
    private readonly url: URL,
    private readonly headers: Record<string, string>,
    maxSockets: number,
  ) {
    this.lib = url.protocol === 'https:' ? https : http;
    this.target = urlToHttpOptions(url);
    this.agent = new (url.protocol === 'https:' ? https.Agent : http.Agent)({ keepAlive: true, maxSockets });
  }

  /** Sends the body; a 2xx response is read by `read`, anything else rejects. */
  post<T>(body: unknown, opts: { timeoutMs: number; signal?: AbortSignal }, read: (ok: OkResponse) => Promise<T>, payload?: Uint8Array): Promise<T> {
    // As bytes (`payload` is the JSON of `body` when the caller has it): Node sends a string body glued to the
    // header text (another copy of the body on the heap, per call), and a Buffer beside it; its length is then
    // known without counting UTF-8 bytes again.
    const bytes = payload === undefined ? Buffer.from(JSON.stringify(body)) : Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
    return this.request({ method: 'POST', payload: bytes }, opts, read);
  }

  /**
   * Sends any request over the same agent, headers and error mapping as `post`: to another path of the same
   * API (batch clients poll and download beside the endpoint they were built for), with its own payload and
   * extra headers (a multipart upload's content type).
   */
  request<T>(
    req: { method: 'GET' | 'POST'; url?: URL; payload?: string | Buffer; headers?: Record<string, string> },
    opts: { timeoutMs: number; signal?: AbortSignal },
    read: (ok: OkResponse) => Promise<T>,
  ): Promise<T> {
    const started = performance.now();
    const headers: Record<string, string | number> = { ...this.headers, ...(req.headers ?? {}) };
    if (req.payload !== undefined) headers['content-length'] = Buffer.byteLength(req.payload);
    else delete headers['content-type'];
    const signal = opts.signal;
    if (signal?.aborted) return Promise.reject(new ProviderError('aborted', 'network', null, false));
    return new Promise<T>((resolve, reject) => {
      const httpReq = this.lib.request(
        { ...(req.url ? urlToHttpOptions(req.url) : this.target), method: req.method, agent: this.agent, headers },
        (res) => {
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) {
            read({ res, started, simulated: res.headers['x-canary-gate-simulated'] === 'true' }).then(resolve, reject);
            return;
          }
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', (err) => reject(new ProviderError(`response aborted: ${err.message}`, 'network', status, true)));
          res.on('end', () => {
            const retryable = status === 408 || status === 409 || status === 429 || status >= 500;
            // Scrubbed before it is cut: a key cut in two would no longer be found.
            reject(new ProviderError(`HTTP ${status}: ${scrubSecrets(Buffer.concat(chunks).toString('utf8')).slice(0, 300)}`, 'http', status, retryable, parseRetryAfter(res.headers['retry-after'])));
          });
        },
      );
      if (signal) abortWith(signal, httpReq);
      httpReq.setTimeout(opts.timeoutMs, () => httpReq.destroy(new ProviderError(`no answer within ${opts.timeoutMs} ms`, 'timeout', null, true)));
      httpReq.on('error', (err) => {
        if (err instanceof ProviderError) reject(err);
        else if (err.name === 'AbortError') reject(new ProviderError('aborted', 'network', null, false));
        else reject(new ProviderError(`${(err as NodeJS.ErrnoException).code ?? 'network error'}: ${err.message}`, 'network', null, true));
      });
      httpReq.end(req.payload);
    });
  }

  /** Closes idle keep-alive sockets. */
  close(): void {
    this.agent.destroy();
  }
}

/** Reads a whole body as UTF-8 text (a batch's JSONL results). */
export function readText(ok: OkResponse): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    ok.res.on('data', (c: Buffer) => chunks.push(c));
    ok.res.on('error', (err) => reject(new ProviderError(`response aborted: ${err.message}`, 'network', ok.res.statusCode ?? null, true)));
    ok.res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

/** Reads a whole JSON body; a cut or malformed body is a retryable bad response. */
export async function readJson(ok: OkResponse): Promise<{ json: unknown; latencyMs: number }> {
  const text = await readText(ok);
  try {
    return { json: JSON.parse(text), latencyMs: performance.now() - ok.started };
  } catch {
    throw new ProviderError(`response is not JSON: ${scrubSecrets(text).slice(0, 120)}`, 'bad_response', ok.res.statusCode ?? null, true);
  }
}

/**
 * Reads an SSE response: `onEvent` consumes each event and returns whether it carried visible output (the
 * first one sets the time to first token) or 'done' at the stream's proper end. A stream that closes before
 * its end, or sends an event `onEvent` cannot read, is a retryable failure.
 */
export function readSse(ok: OkResponse, onEvent: (ev: SseEvent) => 'output' | 'done' | 'other'): Promise<{ latencyMs: number; ttftMs: number | null }> {
  return new Promise((resolve, reject) => {
    const parser = new SseParser();
    let ttftMs: number | null = null;
    let done = false;
    let broken: ProviderError | null = null;
    ok.res.setEncoding('utf8');
    ok.res.on('data', (text: string) => {
      for (const ev of parser.feed(text)) {
        try {
          const kind = onEvent(ev);
          if (kind === 'done') done = true;
          else if (kind === 'output' && ttftMs === null) ttftMs = performance.now() - ok.started;
        } catch {
          broken ??= new ProviderError('stream sent an event that could not be read', 'bad_response', ok.res.statusCode ?? null, true);
        }
      }
    });
    ok.res.on('error', (err) => reject(new ProviderError(`stream aborted: ${err.message}`, 'network', ok.res.statusCode ?? null, true)));
    ok.res.on('close', () => {
      if (broken) reject(broken);
      else if (!done) reject(new ProviderError('stream ended before its end event', 'network', ok.res.statusCode ?? null, true));
      else resolve({ latencyMs: performance.now() - ok.started, ttftMs });
    });
  });
}
