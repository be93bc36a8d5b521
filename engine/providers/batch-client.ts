import { ProviderError, type ProviderCompletion } from './provider.js';

/** One call of a batch: its id within the batch and its request in the chat form cases store. */
export interface BatchRequest {
  customId: string;
  body: Record<string, unknown>;
}

/** What a provider returned for one call of a batch: a completion (not timed), or why the call failed. */
export type BatchAnswer = { customId: string; completion: ProviderCompletion } | { customId: string; error: string };

/** A batch's state as the provider reports it, in terms both batch APIs share. */
export interface BatchState {
  /** The provider's own status word (validating, in_progress, completed, ended, …). */
  status: string;
  /** No call of the batch will be answered any more: its answers can be downloaded. */
  ended: boolean;
  /** Calls the provider reports as finished (answered or failed), and calls in the batch. */
  done: number;
  total: number;
  /** Why the batch as a whole ended without answering every call (failed validation, expired, cancelled). */
  problem: string | null;
}

/** Per request options of every batch client call. */
export interface BatchCallOptions {
  timeoutMs: number;
  signal?: AbortSignal;
}

/** A provider's batch API: submit many calls at once, poll, download the answers. */
export interface BatchClient {
  /** The provider name stored with each batch (the target's `provider`). */
  readonly provider: string;
  /** The most calls, and bytes of requests, one batch may hold. */
  readonly limits: { maxRequests: number; maxBytes: number };
  /** Bytes a request adds to a batch, to split a large replay into batches that fit. */
  requestBytes(request: BatchRequest): number;
  /** Submits the calls as one batch; resolves with the provider's batch id. */
  submit(requests: readonly BatchRequest[], opts: BatchCallOptions): Promise<{ id: string; state: BatchState }>;
  /** The batch's current state. */
  state(id: string, opts: BatchCallOptions): Promise<BatchState>;
  /** Every answer of an ended batch (a call the provider returned nothing for is simply absent). */
  answers(id: string, opts: BatchCallOptions): Promise<BatchAnswer[]>;
  /** Closes idle keep-alive sockets. */
  close(): void;
}

/** Splits requests into batches within a client's limits, keeping their order. */
export function splitIntoBatches(client: Pick<BatchClient, 'limits' | 'requestBytes'>, requests: readonly BatchRequest[]): BatchRequest[][] {
  const out: BatchRequest[][] = [];
  let current: BatchRequest[] = [];
  let bytes = 0;
  for (const r of requests) {
    const size = client.requestBytes(r);
    if (current.length > 0 && (current.length >= client.limits.maxRequests || bytes + size > client.limits.maxBytes)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(r);
    bytes += size;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** Parses a JSON Lines download; a line that is not JSON is a (retryable) bad response naming its 1-based number. */
export function parseJsonLines(text: string, what: string): unknown[] {
  return text.split('\n').flatMap((line, i) => {
    if (line.trim() === '') return [];
    try {
      return [JSON.parse(line) as unknown];
    } catch {
      throw new ProviderError(`${what}: line ${i + 1} is not JSON`, 'bad_response', null, true);
    }
  });
}
