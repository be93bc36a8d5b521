import type { BatchAnswer, BatchCallOptions, BatchClient, BatchRequest, BatchState } from './batch-client.js';
import { parseJsonLines } from './batch-client.js';
import { ANTHROPIC_API_VERSION, completionFromMessage } from './anthropic-messages.js';
import { toAnthropicRequest } from './anthropic-request.js';
import { JsonHttpTransport, readJson, readText } from './http-transport.js';
import { ProviderError } from './provider.js';

interface MessageBatch {
  id?: string;
  processing_status?: string;
  request_counts?: { processing?: number; succeeded?: number; errored?: number; canceled?: number; expired?: number };
  results_url?: string | null;
}

interface ResultLine {
  custom_id?: string;
  result?: { type?: string; message?: unknown; error?: { error?: { type?: string; message?: string } } };
}

function parseUrl(text: string | null | undefined): URL | null {
  try {
    return text ? new URL(text) : null;
  } catch {
    return null;
  }
}

function stateOf(b: MessageBatch): BatchState {
  const c = b.request_counts ?? {};
  const done = (c.succeeded ?? 0) + (c.errored ?? 0) + (c.canceled ?? 0) + (c.expired ?? 0);
  const status = b.processing_status ?? 'unknown';
  // Canceled and expired requests are reported one by one in the results, so the batch itself has no problem.
  return { status, ended: status === 'ended', done, total: done + (c.processing ?? 0), problem: null };
}

function answerOf(line: ResultLine, simulated: boolean): BatchAnswer | null {
  const customId = line.custom_id;
  if (typeof customId !== 'string') return null;
  const r = line.result ?? {};
  switch (r.type) {
    case 'succeeded':
      try {
        return { customId, completion: completionFromMessage(r.message, null, simulated, null) };
      } catch (err) {
        return { customId, error: `bad_response: ${(err as Error).message}` };
      }
    case 'errored':
      return { customId, error: `http: ${r.error?.error?.type ?? 'error'}: ${r.error?.error?.message ?? 'no message'}` };
    case 'canceled':
      return { customId, error: 'batch: canceled: the batch was canceled before this call ran' };
    case 'expired':
      return { customId, error: 'batch: expired: the batch expired (24 h window) before this call ran' };
    default:
      return { customId, error: `bad_response: unknown result type ${JSON.stringify(r.type ?? null)}` };
  }
}

/**
 * The Anthropic Message Batches API: the calls (converted from the chat form cases store, exactly as the
 * interactive client converts them) go up in one request, the batch is polled, and its JSONL results are read
 * from `results_url`. The API key is held only in memory.
 */
export class AnthropicBatchClient implements BatchClient {
  readonly provider = 'anthropic-messages';
  readonly limits: { maxRequests: number; maxBytes: number };
  private readonly transport: JsonHttpTransport;
  private readonly base: string;

  constructor(baseUrl: string, opts: { apiKey?: string; headers?: Record<string, string>; maxBytes?: number } = {}) {
    this.base = `${baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '')}/v1/messages/batches`;
    // 100,000 requests and 256 MB are Anthropic's limits on one batch; keep a margin.
    this.limits = { maxRequests: 100_000, maxBytes: opts.maxBytes ?? 250 * 1024 * 1024 };
    this.transport = new JsonHttpTransport(
      new URL(this.base),
      { 'content-type': 'application/json', 'anthropic-version': ANTHROPIC_API_VERSION, ...(opts.headers ?? {}), ...(opts.apiKey ? { 'x-api-key': opts.apiKey } : {}) },
      4,
    );
  }

  requestBytes(r: BatchRequest): number {
    return Buffer.byteLength(JSON.stringify(this.entry(r))) + 1;
  }

  async submit(requests: readonly BatchRequest[], opts: BatchCallOptions): Promise<{ id: string; state: BatchState }> {
    const batch = (await this.transport.post({ requests: requests.map((r) => this.entry(r)) }, opts, readJson)).json as MessageBatch;
    if (typeof batch.id !== 'string') throw new ProviderError('batch creation answered without an id', 'bad_response', null, false);
    return { id: batch.id, state: stateOf(batch) };
  }

  async state(id: string, opts: BatchCallOptions): Promise<BatchState> {
    return stateOf(await this.batch(id, opts));
  }

  async answers(id: string, opts: BatchCallOptions): Promise<BatchAnswer[]> {
    const batch = await this.batch(id, opts);
    // The API key goes wherever results_url points, so follow it only on the API's own origin.
    const fallback = new URL(`${this.base}/${encodeURIComponent(id)}/results`);
    const given = parseUrl(batch.results_url);
    const url = given && given.origin === fallback.origin ? given : fallback;
    const { text, simulated } = await this.transport.request({ method: 'GET', url }, opts, async (ok) => ({ text: await readText(ok), simulated: ok.simulated }));
    return parseJsonLines(text, `results of ${id}`).flatMap((line) => answerOf(line as ResultLine, simulated) ?? []);
  }

  close(): void {
    this.transport.close();
  }

  private entry(r: BatchRequest) {
    return { custom_id: r.customId, params: toAnthropicRequest(r.body) };
  }

  private async batch(id: string, opts: BatchCallOptions): Promise<MessageBatch> {
    return (await this.transport.request({ method: 'GET', url: new URL(`${this.base}/${encodeURIComponent(id)}`) }, opts, readJson)).json as MessageBatch;
  }
}
