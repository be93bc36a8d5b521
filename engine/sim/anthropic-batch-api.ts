import type { IncomingMessage, ServerResponse } from 'node:http';
import { anthropicErrorBody, anthropicMessageBody } from './anthropic-bodies.js';
import { anthropicDialect } from './anthropic-dialect.js';
import { BatchStoreFull, simId, type SimBatch, type SimBatchLine, type SimBatchStore } from './batch-store.js';
import { BodyTooLarge, MAX_BODY_BYTES, readBody, send, sendJsonl } from './http-io.js';

/** Anthropic's limit on requests in one Message Batch. */
export const ANTHROPIC_BATCH_MAX_REQUESTS = 100_000;
const CUSTOM_ID = /^[a-zA-Z0-9_-]{1,64}$/;

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
const invalid = (res: ServerResponse, message: string) => send(res, 400, anthropicErrorBody('invalid_request_error', message));

// Reads a create body: {requests: [{custom_id, params}]}. The shape and the ids are checked at once, as the API
// does; each request's params are validated when it is processed (an invalid one becomes an errored result).
function readRequests(body: unknown): { lines: SimBatchLine[] } | { error: string } {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return { error: 'the body must be a JSON object with a requests array' };
  const requests = (body as { requests?: unknown }).requests;
  if (!Array.isArray(requests) || requests.length === 0) return { error: 'requests: must be a non-empty array of {custom_id, params}' };
  if (requests.length > ANTHROPIC_BATCH_MAX_REQUESTS) return { error: `requests: a batch holds at most ${ANTHROPIC_BATCH_MAX_REQUESTS} requests, got ${requests.length}` };
  const seen = new Set<string>();
  const lines: SimBatchLine[] = [];
  for (const [i, r] of requests.entries()) {
    const req = r as { custom_id?: unknown; params?: unknown } | null;
    if (!req || typeof req !== 'object') return { error: `requests.${i}: must be an object with custom_id and params` };
    if (typeof req.custom_id !== 'string' || !CUSTOM_ID.test(req.custom_id)) return { error: `requests.${i}.custom_id: must be 1-64 characters of letters, digits, _ and -, got ${JSON.stringify(req.custom_id ?? null)}` };
    if (seen.has(req.custom_id)) return { error: `requests.${i}.custom_id: '${req.custom_id}' is used by an earlier request; each must be unique` };
    seen.add(req.custom_id);
    if (!req.params || typeof req.params !== 'object' || Array.isArray(req.params)) return { error: `requests.${i}.params: must be a Messages request object` };
    lines.push({ customId: req.custom_id, body: req.params });
  }
  return { lines };
}

// Lines are answered together when the batch ends, so until then every request is still processing.
function counts(b: SimBatch) {
  const c = { processing: 0, succeeded: 0, errored: 0, canceled: 0, expired: 0 };
  if (!b.outcomes) {
    c.processing = b.lines.length;
    return c;
  }
  for (const o of b.outcomes) {
    if (o.kind === 'completion') c.succeeded++;
    else if (o.kind === 'error') c.errored++;
    else c.canceled++;
  }
  return c;
}

function batchObject(b: SimBatch, origin: string) {
  const ended = b.endedMs !== null;
  return {
    id: b.id,
    type: 'message_batch',
    processing_status: ended ? 'ended' : b.cancelRequestedMs !== null ? 'canceling' : 'in_progress',
    request_counts: counts(b),
    ended_at: iso(b.endedMs),
    created_at: iso(b.createdMs),
    expires_at: iso(b.createdMs + 24 * 3600 * 1000),
    archived_at: null,
    cancel_initiated_at: iso(b.cancelRequestedMs),
    results_url: ended ? `${origin}/v1/messages/batches/${b.id}/results` : null,
  };
}

function resultLine(o: NonNullable<SimBatch['outcomes']>[number]) {
  if (o.kind === 'completion') return { custom_id: o.customId, result: { type: 'succeeded', message: anthropicMessageBody(o.completion) } };
  if (o.kind === 'error') return { custom_id: o.customId, result: { type: 'errored', error: o.body } };
  return { custom_id: o.customId, result: { type: 'canceled' } };
}

/**
 * The Anthropic Message Batches endpoints the sim implements: create, retrieve, results (JSONL) and cancel.
 * Routes `path` if it is one of them and returns its promise; false leaves it to the caller.
 */
export function routeAnthropicBatchApi(store: SimBatchStore, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> | false {
  const m = /^\/v1\/messages\/batches(?:\/([^/]+)(?:\/(results|cancel))?)?$/.exec(path);
  if (!m) return false;
  const [, id, action] = m;
  const wanted = !id || action === 'cancel' ? 'POST' : 'GET';
  if (req.method !== wanted) {
    send(res, 405, anthropicErrorBody('invalid_request_error', `Use ${wanted} for ${path}.`), { allow: wanted });
    return Promise.resolve();
  }
  const origin = `http://${req.headers.host ?? '127.0.0.1'}`;
  const run = async (): Promise<void> => {
    if (!id) {
      let raw: string;
      try {
        raw = await readBody(req);
      } catch (err) {
        if (err instanceof BodyTooLarge) send(res, 413, anthropicErrorBody('request_too_large', `Request body exceeds ${MAX_BODY_BYTES} bytes.`));
        return;
      }
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        return invalid(res, 'We could not parse the JSON body of your request.');
      }
      const read = readRequests(json);
      if ('error' in read) return invalid(res, read.error);
      try {
        return send(res, 200, batchObject(store.addBatch(simId('msgbatch_sim_'), anthropicDialect, read.lines, {}), origin));
      } catch (err) {
        if (!(err instanceof BatchStoreFull)) throw err;
        return send(res, 429, anthropicErrorBody('rate_limit_error', `${err.message}; wait for running batches to finish.`));
      }
    }
    const batch = store.batches.get(id);
    if (!batch || batch.dialect !== anthropicDialect) return send(res, 404, anthropicErrorBody('not_found_error', `message_batch: ${id} not found`));
    store.settle(batch);
    if (action === 'cancel') {
      if (batch.endedMs !== null) return invalid(res, `message_batch ${id} has ended; only a batch in progress can be canceled`);
      store.cancel(batch);
      return send(res, 200, batchObject(batch, origin));
    }
    if (action === 'results') {
      if (!batch.outcomes) return invalid(res, `message_batch ${id} is still in_progress; its results are available once processing_status is ended`);
      return sendJsonl(res, batch.outcomes.map(resultLine), 'application/x-jsonl');
    }
    send(res, 200, batchObject(batch, origin));
  };
  return run();
}
