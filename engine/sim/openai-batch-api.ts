import type { IncomingMessage, ServerResponse } from 'node:http';
import { BatchStoreFull, simId, type SimBatch, type SimBatchLine, type SimBatchStore } from './batch-store.js';
import { BodyTooLarge, MAX_BODY_BYTES, readBody, send, sendText } from './http-io.js';
import { MultipartError, parseMultipart } from './multipart.js';
import { errorBody } from './openai-bodies.js';
import { openAiDialect } from './openai-dialect.js';

/** The only endpoint the sim batches (it simulates Chat Completions). */
const CHAT_ENDPOINT = '/v1/chat/completions';
/** OpenAI's limit on requests in one batch input file. */
export const OPENAI_BATCH_MAX_REQUESTS = 50_000;

const unixSeconds = (ms: number | null): number | null => (ms === null ? null : Math.floor(ms / 1000));
const invalid = (res: ServerResponse, message: string, param: string | null = null) => send(res, 400, errorBody(message, 'invalid_request_error', 'invalid_request', param));
const notFound = (res: ServerResponse, what: string, id: string) => send(res, 404, errorBody(`No ${what} found with id '${id}'.`, 'invalid_request_error', 'not_found'));

function fileObject(f: { id: string; bytes: number; createdAt: number; filename: string; purpose: string }) {
  return { id: f.id, object: 'file', bytes: f.bytes, created_at: f.createdAt, filename: f.filename, purpose: f.purpose, status: 'processed', status_details: null };
}

// Reads an input file's lines the way the Batch API validates them: each a JSON object with a unique custom_id,
// method POST, the batch's endpoint as url, and an object body. Errors name the 1-based line.
function readInputFile(content: string, endpoint: string): { lines: SimBatchLine[]; errors: SimBatch['validationErrors'] } {
  const lines: SimBatchLine[] = [];
  const errors: SimBatch['validationErrors'] = [];
  const seen = new Set<string>();
  const fail = (line: number, param: string | null, message: string) => errors.push({ code: 'invalid_request', message: `line ${line}: ${message}`, line, param });
  content.split('\n').forEach((text, i) => {
    const line = i + 1;
    if (text.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return fail(line, null, 'is not valid JSON');
    }
    if (!json || typeof json !== 'object' || Array.isArray(json)) return fail(line, null, 'is not a JSON object');
    const r = json as Record<string, unknown>;
    if (typeof r.custom_id !== 'string' || r.custom_id === '') return fail(line, 'custom_id', 'custom_id must be a non-empty string');
    if (seen.has(r.custom_id)) return fail(line, 'custom_id', `custom_id '${r.custom_id}' is used by an earlier line; each must be unique`);
    seen.add(r.custom_id);
    if (r.method !== 'POST') return fail(line, 'method', `method must be "POST", got ${JSON.stringify(r.method)}`);
    if (r.url !== endpoint) return fail(line, 'url', `url must be the batch's endpoint "${endpoint}", got ${JSON.stringify(r.url)}`);
    if (!r.body || typeof r.body !== 'object' || Array.isArray(r.body)) return fail(line, 'body', 'body must be a JSON object');
    lines.push({ customId: r.custom_id, body: r.body });
  });
  if (lines.length + errors.length === 0) errors.push({ code: 'empty_file', message: 'the input file has no requests', line: null, param: null });
  if (lines.length > OPENAI_BATCH_MAX_REQUESTS) errors.push({ code: 'too_many_requests', message: `the input file has ${lines.length} requests; a batch holds at most ${OPENAI_BATCH_MAX_REQUESTS}`, line: null, param: null });
  return { lines, errors };
}

// Once a batch has ended, its answers become an output file (2xx lines) and an error file (the rest), as the API does.
function writeResultFiles(store: SimBatchStore, batch: SimBatch): void {
  if (!batch.outcomes || 'output_file_id' in batch.extra) return;
  const ok: unknown[] = [];
  const failed: unknown[] = [];
  for (const o of batch.outcomes) {
    const id = simId('batch_req_sim_');
    if (o.kind === 'completion') {
      const c = o.completion;
      ok.push({ id, custom_id: o.customId, response: { status_code: 200, request_id: `req-sim-${c.requestHash.slice(0, 24)}`, body: openAiDialect.body(c, unixSeconds(batch.endedMs)!) }, error: null });
    } else if (o.kind === 'error') {
      failed.push({ id, custom_id: o.customId, response: { status_code: o.status, request_id: simId('req-sim-'), body: o.body }, error: null });
    } else {
      failed.push({ id, custom_id: o.customId, response: null, error: { code: 'batch_cancelled', message: 'The batch was cancelled before this request was processed.' } });
    }
  }
  const jsonl = (rows: unknown[]) => rows.map((r) => `${JSON.stringify(r)}\n`).join('');
  batch.extra.output_file_id = ok.length ? store.addFile({ filename: `${batch.id}_output.jsonl`, purpose: 'batch_output', content: jsonl(ok) }).id : null;
  batch.extra.error_file_id = failed.length ? store.addFile({ filename: `${batch.id}_error.jsonl`, purpose: 'batch_output', content: jsonl(failed) }).id : null;
  batch.extra.counts = { completed: ok.length, failed: failed.length };
}

function status(store: SimBatchStore, b: SimBatch, now: number): string {
  if (b.endedMs !== null) return b.cancelRequestedMs !== null ? 'cancelled' : b.validationErrors.length ? 'failed' : 'completed';
  if (b.cancelRequestedMs !== null) return 'cancelling';
  return now < b.startedMs ? 'validating' : store.progress(b, now) >= 1 ? 'finalizing' : 'in_progress';
}

function batchObject(store: SimBatchStore, b: SimBatch, now = Date.now()) {
  const s = status(store, b, now);
  const total = b.validationErrors.length ? 0 : b.lines.length;
  const counts = (b.extra.counts as { completed: number; failed: number } | undefined) ?? { completed: Math.floor(total * store.progress(b, now)), failed: 0 };
  const ended = unixSeconds(b.endedMs);
  return {
    id: b.id,
    object: 'batch',
    endpoint: b.extra.endpoint,
    errors: b.validationErrors.length ? { object: 'list', data: b.validationErrors } : null,
    input_file_id: b.extra.input_file_id,
    completion_window: b.extra.completion_window,
    status: s,
    output_file_id: b.extra.output_file_id ?? null,
    error_file_id: b.extra.error_file_id ?? null,
    created_at: unixSeconds(b.createdMs),
    in_progress_at: b.validationErrors.length === 0 && now >= b.startedMs ? unixSeconds(b.startedMs) : null,
    expires_at: unixSeconds(b.createdMs + 24 * 3600 * 1000),
    finalizing_at: s === 'completed' ? ended : null,
    completed_at: s === 'completed' ? ended : null,
    failed_at: s === 'failed' ? ended : null,
    expired_at: null,
    cancelling_at: unixSeconds(b.cancelRequestedMs),
    cancelled_at: s === 'cancelled' ? ended : null,
    request_counts: { total, completed: counts.completed, failed: counts.failed },
    metadata: b.extra.metadata ?? null,
  };
}

async function readJsonBody(req: IncomingMessage, res: ServerResponse): Promise<Record<string, unknown> | null> {
  let raw: string;
  try {
    raw = await readBody(req);
  } catch (err) {
    if (err instanceof BodyTooLarge) send(res, 413, errorBody(`Request body exceeds ${MAX_BODY_BYTES} bytes.`, 'invalid_request_error', 'request_too_large'));
    return null;
  }
  try {
    const json = JSON.parse(raw) as unknown;
    if (json && typeof json === 'object' && !Array.isArray(json)) return json as Record<string, unknown>;
  } catch {
    // answered below
  }
  send(res, 400, errorBody('We could not parse the JSON body of your request.', 'invalid_request_error', 'invalid_json'));
  return null;
}

async function uploadFile(store: SimBatchStore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let raw: string;
  try {
    raw = await readBody(req);
  } catch (err) {
    if (err instanceof BodyTooLarge) send(res, 413, errorBody(`File upload exceeds the sim's ${MAX_BODY_BYTES} bytes.`, 'invalid_request_error', 'request_too_large'));
    return;
  }
  let form;
  try {
    form = parseMultipart(raw, req.headers['content-type']);
  } catch (err) {
    if (err instanceof MultipartError) return invalid(res, `Invalid file upload: ${err.message}.`);
    throw err;
  }
  if (form.fields.purpose !== 'batch') return invalid(res, `purpose: the sim stores batch input files only; expected "batch", got ${JSON.stringify(form.fields.purpose ?? null)}.`, 'purpose');
  const file = form.files.file;
  if (!file) return invalid(res, 'file: the upload has no file part named "file".', 'file');
  if (file.content.trim() === '') return invalid(res, 'file: the uploaded file is empty.', 'file');
  send(res, 200, fileObject(store.addFile({ filename: file.filename, purpose: 'batch', content: file.content })));
}

async function createBatch(store: SimBatchStore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readJsonBody(req, res);
  if (!body) return;
  if (typeof body.input_file_id !== 'string') return invalid(res, 'input_file_id: required, the id of an uploaded file with purpose "batch".', 'input_file_id');
  if (body.endpoint !== CHAT_ENDPOINT) return invalid(res, `endpoint: the sim batches "${CHAT_ENDPOINT}" only, got ${JSON.stringify(body.endpoint ?? null)}.`, 'endpoint');
  if (body.completion_window !== '24h') return invalid(res, `completion_window: must be "24h", got ${JSON.stringify(body.completion_window ?? null)}.`, 'completion_window');
  if (body.metadata !== undefined && body.metadata !== null && (typeof body.metadata !== 'object' || Array.isArray(body.metadata))) return invalid(res, 'metadata: must be an object of strings.', 'metadata');
  const file = store.files.get(body.input_file_id);
  if (!file) return notFound(res, 'file', body.input_file_id);
  if (file.purpose !== 'batch') return invalid(res, `input_file_id: file ${file.id} has purpose "${file.purpose}", not "batch".`, 'input_file_id');
  const { lines, errors } = readInputFile(file.content, body.endpoint);
  const batch = store.addBatch(simId('batch_sim_'), openAiDialect, lines, {
    input_file_id: file.id, endpoint: body.endpoint, completion_window: body.completion_window, metadata: body.metadata ?? null,
  }, errors);
  send(res, 200, batchObject(store, batch));
}

/**
 * The OpenAI Files and Batch endpoints the sim implements: upload (multipart, purpose "batch"), file metadata
 * and content, create / retrieve / cancel a batch of Chat Completions requests. Routes `path` if it is one of
 * them and returns true; false leaves it to the caller.
 */
export function routeOpenAiBatchApi(store: SimBatchStore, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> | false {
  const m = /^\/v1\/(files|batches)(?:\/([^/]+)(?:\/(content|cancel))?)?$/.exec(path);
  if (!m) return false;
  const [, kind, id, action] = m;
  const method = req.method ?? 'GET';
  const expect = (wanted: 'GET' | 'POST'): boolean => {
    if (method === wanted) return true;
    send(res, 405, errorBody(`Use ${wanted} for ${path}.`, 'invalid_request_error', 'method_not_allowed'), { allow: wanted });
    return false;
  };
  const run = async (): Promise<void> => {
    if (kind === 'files') {
      if (!id) return expect('POST') ? uploadFile(store, req, res) : undefined;
      if (action === 'cancel') return notFound(res, 'route', path);
      if (!expect('GET')) return;
      const file = store.files.get(id);
      if (!file) return notFound(res, 'file', id);
      if (action === 'content') return sendText(res, file.content, 'application/jsonl');
      return send(res, 200, fileObject(file));
    }
    if (!id) return expect('POST') ? createBatch(store, req, res) : undefined;
    if (action === 'content') return notFound(res, 'route', path);
    if (!expect(action === 'cancel' ? 'POST' : 'GET')) return;
    const batch = store.batches.get(id);
    if (!batch || batch.dialect !== openAiDialect) return notFound(res, 'batch', id);
    store.settle(batch);
    if (action === 'cancel') {
      if (batch.endedMs !== null) return invalid(res, `Cannot cancel batch ${id}: its status is ${status(store, batch, Date.now())}.`);
      store.cancel(batch);
      return send(res, 200, batchObject(store, batch));
    }
    writeResultFiles(store, batch);
    send(res, 200, batchObject(store, batch));
  };
  return run().catch((err: unknown) => {
    if (!(err instanceof BatchStoreFull)) throw err;
    send(res, 429, errorBody(`${err.message}; wait for running batches to finish.`, 'invalid_request_error', 'batch_storage_full'));
  });
}
