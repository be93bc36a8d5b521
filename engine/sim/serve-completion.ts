import type { IncomingMessage, ServerResponse } from 'node:http';
import { sha256Hex } from '../hashing.js';
import type { SimBehaviours } from './behaviours.js';
import { decideFault, type FaultDecision, type FaultKind, type SimFaults } from './faults.js';
import { BodyTooLarge, breakConnection, MAX_BODY_BYTES, pause, readBody, send, sendTruncated, SSE_HEADERS, COMMON_HEADERS } from './http-io.js';
import { brokenStreamLength, writePaced } from './paced-writer.js';
import type { SimRequestLogEntry } from './request-log.js';
import { requestHash } from './request-hash.js';
import type { SimDialect } from './sim-dialect.js';
import { simulateCompletion } from './simulate.js';
import { planStream } from './stream-plan.js';

/** What a running sim server shares between its requests. */
export interface SimContext {
  behaviours: SimBehaviours;
  timeScale: number;
  faults: SimFaults;
  /** Aborts when the server closes, cutting every pending sleep short. */
  closing: AbortSignal;
  requestLog: SimRequestLogEntry[];
  /** Attempts seen per request hash, so only a first attempt can be faulted. */
  attempts: Map<string, number>;
}

// A fault that cannot apply to the transport the client asked for leaves the attempt alone.
function applicable(fault: FaultDecision, stream: boolean): FaultDecision {
  if (fault.kind === 'truncated' && stream) return { kind: 'none' };
  if (fault.kind === 'broken_stream' && !stream) return { kind: 'none' };
  return fault;
}

/** Reads, validates, simulates and answers one completion request in the given dialect, injecting configured faults. */
export async function serveCompletion(ctx: SimContext, dialect: SimDialect, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const at = new Date().toISOString();
  const log = (model: string, hash: string, status: number, fault?: FaultKind) =>
    ctx.requestLog.push(fault ? { model, requestHash: hash, status, at, fault } : { model, requestHash: hash, status, at });
  let raw: string;
  try {
    raw = await readBody(req);
  } catch (err) {
    if (err instanceof BodyTooLarge) {
      log('', '', 413);
      send(res, 413, dialect.errors.tooLarge(MAX_BODY_BYTES));
    }
    return;
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    log('', sha256Hex(raw), 400);
    send(res, 400, dialect.errors.invalidJson());
    return;
  }
  const parsed = dialect.parse(json);
  // The log and the fault dice see the body as sent; the answer is seeded by its chat form (parsed.chat).
  const hash = requestHash(parsed.model, json);
  if (!parsed.ok) {
    log(parsed.model, hash, 400);
    send(res, 400, dialect.errors.invalidRequest(parsed.message, parsed.param));
    return;
  }
  const { model } = parsed;
  if (!ctx.behaviours.models[model]) {
    log(model, hash, 404);
    send(res, 404, dialect.errors.unknownModel(model));
    return;
  }
  const attempt = ctx.attempts.get(hash) ?? 0;
  ctx.attempts.set(hash, attempt + 1);
  const fault = applicable(decideFault(hash, attempt, ctx.faults), parsed.stream);
  switch (fault.kind) {
    case 'rate_limit':
      log(model, hash, 429, fault.kind);
      send(res, 429, dialect.errors.rateLimited(model, fault.retryAfterSeconds), { 'retry-after': String(fault.retryAfterSeconds) });
      return;
    case 'server_error':
      log(model, hash, 500, fault.kind);
      send(res, 500, dialect.errors.serverError());
      return;
    case 'unavailable':
      log(model, hash, 503, fault.kind);
      send(res, 503, dialect.errors.unavailable());
      return;
  }
  const completion = simulateCompletion(ctx.behaviours, model, parsed.chat);
  log(model, hash, 200, fault.kind === 'none' ? undefined : fault.kind);
  // Deliberately unscaled: this fault exists to trip clients' wall-clock timeouts.
  if (fault.kind === 'slow' && !(await pause(fault.delayMs, ctx.closing))) return;
  const headers = dialect.headers(completion);
  if (fault.kind === 'drop') {
    res.writeHead(200, { ...(parsed.stream ? SSE_HEADERS : COMMON_HEADERS), ...headers });
    res.flushHeaders();
    breakConnection(res);
    return;
  }
  if (parsed.stream) {
    const events = dialect.streamEvents(completion, Math.floor(Date.now() / 1000), planStream(completion), parsed.includeUsage);
    res.writeHead(200, { ...SSE_HEADERS, ...headers });
    await writePaced(res, events, {
      timeScale: ctx.timeScale,
      signal: ctx.closing,
      ...(fault.kind === 'broken_stream' ? { breakAfter: brokenStreamLength(events) } : {}),
    });
    return;
  }
  // The server is closing when the sleep aborts; its sockets are being destroyed.
  if (ctx.timeScale > 0 && !(await pause(completion.latencyMs * ctx.timeScale, ctx.closing))) return;
  const body = dialect.body(completion, Math.floor(Date.now() / 1000));
  if (fault.kind === 'truncated') sendTruncated(res, body, headers);
  else send(res, 200, body, headers);
}
