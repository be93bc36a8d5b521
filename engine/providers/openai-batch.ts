import { randomBytes } from 'node:crypto';
import type { BatchAnswer, BatchCallOptions, BatchClient, BatchRequest, BatchState } from './batch-client.js';
import { parseJsonLines } from './batch-client.js';
import { JsonHttpTransport, readJson, readText } from './http-transport.js';
import { completionFromChatBody } from './openai-chat.js';
import { ProviderError } from './provider.js';

const ENDPOINT = '/v1/chat/completions';
const ENDED = new Set(['completed', 'failed', 'expired', 'cancelled']);

interface BatchObject {
  id?: string;
  status?: string;
  output_file_id?: string | null;
  error_file_id?: string | null;
  request_counts?: { total?: number; completed?: number; failed?: number };
  errors?: { data?: { message?: string; line?: number | null }[] } | null;
}

interface OutputLine {
  custom_id?: string;
  response?: { status_code?: number; body?: { error?: { message?: string; type?: string } } & Record<string, unknown> } | null;
  error?: { code?: string; message?: string } | null;
}

function stateOf(b: BatchObject): BatchState {
  const status = b.status ?? 'unknown';
  const counts = b.request_counts ?? {};
  const problems: Record<string, string> = {
    failed: `the batch failed validation${b.errors?.data?.length ? `: ${b.errors.data.map((e) => e.message ?? '').join('; ').slice(0, 500)}` : ''}`,
    expired: 'the batch expired (24 h window) before this call was answered',
    cancelled: 'the batch was cancelled before this call was answered',
  };
  return { status, ended: ENDED.has(status), done: (counts.completed ?? 0) + (counts.failed ?? 0), total: counts.total ?? 0, problem: problems[status] ?? null };
}

function answerOf(line: OutputLine, simulated: boolean): BatchAnswer | null {
  const customId = line.custom_id;
  if (typeof customId !== 'string') return null;
  const status = line.response?.status_code ?? null;
  if (status !== null && status >= 200 && status < 300) {
    try {
      return { customId, completion: completionFromChatBody(line.response!.body, null, simulated, status) };
    } catch (err) {
      return { customId, error: `bad_response: ${(err as Error).message}` };
    }
  }
  if (line.response && status !== null) return { customId, error: `http: HTTP ${status}: ${line.response.body?.error?.message ?? JSON.stringify(line.response.body ?? null).slice(0, 300)}` };
  return { customId, error: `batch: ${line.error?.code ?? 'error'}: ${line.error?.message ?? 'no response'}` };
}

/**
 * The OpenAI Batch API for Chat Completions: the calls go up as one JSONL file (Files API, purpose "batch"),
 * a batch is created on it, polled, and its output and error files are read back. Works against OpenAI and
 * the simulated endpoint; the API key is held only in memory.
 */
export class OpenAiBatchClient implements BatchClient {
  readonly provider = 'openai-chat';
  readonly limits: { maxRequests: number; maxBytes: number };
  private readonly transport: JsonHttpTransport;
  private readonly base: string;

  constructor(baseUrl: string, opts: { apiKey?: string; headers?: Record<string, string>; maxBytes?: number } = {}) {
    this.base = baseUrl.replace(/\/+$/, '');
    // 50,000 requests and 200 MB per input file are OpenAI's limits; keep a margin for the multipart framing.
    this.limits = { maxRequests: 50_000, maxBytes: opts.maxBytes ?? 190 * 1024 * 1024 };
    this.transport = new JsonHttpTransport(
      new URL(`${this.base}/batches`),
      { 'content-type': 'application/json', accept: 'application/json', ...(opts.headers ?? {}), ...(opts.apiKey ? { authorization: `Bearer ${opts.apiKey}` } : {}) },
      4,
    );
  }

  requestBytes(r: BatchRequest): number {
    return Buffer.byteLength(this.line(r)) + 1;
  }

  async submit(requests: readonly BatchRequest[], opts: BatchCallOptions): Promise<{ id: string; state: BatchState }> {
    const boundary = `canary-gate-${randomBytes(12).toString('hex')}`;
    const payload = [
      `--${boundary}\r\nContent-Disposition: form-data; name="purpose"\r\n\r\nbatch\r\n`,
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="canary-gate-batch.jsonl"\r\nContent-Type: application/jsonl\r\n\r\n`,
      ...requests.map((r) => `${this.line(r)}\n`),
      `\r\n--${boundary}--\r\n`,
    ].join('');
    const file = (await this.transport.request(
      { method: 'POST', url: new URL(`${this.base}/files`), payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } },
      opts,
      readJson,
    )).json as { id?: string };
    if (typeof file.id !== 'string') throw new ProviderError('file upload answered without an id', 'bad_response', null, false);
    const batch = (await this.transport.post({ input_file_id: file.id, endpoint: ENDPOINT, completion_window: '24h', metadata: { source: 'canary-gate replay --batch' } }, opts, readJson)).json as BatchObject;
    if (typeof batch.id !== 'string') throw new ProviderError('batch creation answered without an id', 'bad_response', null, false);
    return { id: batch.id, state: stateOf(batch) };
  }

  async state(id: string, opts: BatchCallOptions): Promise<BatchState> {
    return stateOf(await this.batch(id, opts));
  }

  async answers(id: string, opts: BatchCallOptions): Promise<BatchAnswer[]> {
    const batch = await this.batch(id, opts);
    const out: BatchAnswer[] = [];
    for (const fileId of [batch.output_file_id, batch.error_file_id]) {
      if (!fileId) continue;
      const { text, simulated } = await this.transport.request({ method: 'GET', url: new URL(`${this.base}/files/${encodeURIComponent(fileId)}/content`) }, opts, async (ok) => ({ text: await readText(ok), simulated: ok.simulated }));
      for (const line of parseJsonLines(text, `file ${fileId}`)) {
        const answer = answerOf(line as OutputLine, simulated);
        if (answer) out.push(answer);
      }
    }
    return out;
  }

  close(): void {
    this.transport.close();
  }

  private line(r: BatchRequest): string {
    return JSON.stringify({ custom_id: r.customId, method: 'POST', url: ENDPOINT, body: r.body });
  }

  private async batch(id: string, opts: BatchCallOptions): Promise<BatchObject> {
    return (await this.transport.request({ method: 'GET', url: new URL(`${this.base}/batches/${encodeURIComponent(id)}`) }, opts, readJson)).json as BatchObject;
  }
}
