import type { IncomingMessage, ServerResponse } from 'node:http';
import { sha256Hex } from '../hashing.js';
import type { SimBehaviours } from './behaviours.js';
import { decideFault, type FaultDecision, type FaultKind, type SimFaults } from './faults.js';
import { BodyTooLarge, breakConnection, MAX_BODY_BYTES, pause, readBody, send, sendTruncated, SSE_HEADERS, COMMON_HEADERS } from './http-io.js';
import { brokenStreamLength, writePaced } from './paced-writer.js';
import type { SimRequestLogEntry } from './request-log.js';
import { requestHash } from './request-hash.js';
import type { SimDialect } from './sim-dialect.js';
import { simulateCompletion, type SimCompletion } from './simulate.js';
import { SIM_JUDGE_MODEL, simJudgeKnobs, simulateJudge } from './judge.js';
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

/** How a request reached the sim: its own HTTP call (plain or streamed), or a line of a batch. */
export type SimTransport = 'plain' | 'stream' | 'batch';

// A fault that cannot apply to the transport leaves the attempt alone: a batch line has no connection to drop,
// cut or slow down, only an answer or an error status.
function applicable(fault: FaultDecision, transport: SimTransport): FaultDecision {
  if (fault.kind === 'truncated' && transport !== 'plain') return { kind: 'none' };
  if (fault.kind === 'broken_stream' && transport !== 'stream') return { kind: 'none' };
  if (transport === 'batch' && (fault.kind === 'slow' || fault.kind === 'drop')) return { kind: 'none' };
  return fault;
}

/** What the sim answers to one parsed request body: an error status with its body, or a completion. */
export type SimAnswer =
  | { kind: 'error'; status: number; body: unknown; headers?: Record<string, string> }
  | { kind: 'completion'; completion: SimCompletion; stream: boolean; includeUsage: boolean; fault: FaultDecision };

/**
 * Validates, fault-injects and simulates one request body in the given dialect, and logs it. The interactive
 * endpoints and every line of a batch go through here, so both see the same seeded answers and faults.
 */
export function answerRequest(ctx: SimContext, dialect: SimDialect, json: unknown, batchId?: string): SimAnswer {
  const at = new Date().toISOString();
  const log = (model: string, hash: string, status: number, fault?: FaultKind) =>
    ctx.requestLog.push({ model, requestHash: hash, status, at, ...(fault ? { fault } : {}), ...(batchId ? { batchId } : {}) });
  const parsed = dialect.parse(json);
  // The log and the fault dice see the body as sent; the answer is seeded by its chat form (parsed.chat).
  const hash = requestHash(parsed.model, json);
  if (!parsed.ok) {
    log(parsed.model, hash, 400);
    return { kind: 'error', status: 400, body: dialect.errors.invalidRequest(parsed.message, parsed.param) };
  }
  const { model } = parsed;
  if (batchId && parsed.stream) {
    log(model, hash, 400);
    return { kind: 'error', status: 400, body: dialect.errors.invalidRequest('Invalid request: stream: streaming is not supported inside a batch', 'stream') };
  }
  // The simulated judge is recognised by its model name (engine/sim/judge.ts); its knobs follow a colon.
  const judge = model.startsWith(SIM_JUDGE_MODEL) ? simJudgeKnobs(model, (parsed.chat as { sim_judge?: unknown }).sim_judge) : null;
  if ((model === SIM_JUDGE_MODEL || model.startsWith(`${SIM_JUDGE_MODEL}:`)) && !judge) {
    log(model, hash, 400);
    return { kind: 'error', status: 400, body: dialect.errors.invalidRequest('Invalid simulated judge knobs: sim-judge takes bias, noise, invalid (each 0..1) and latency (ms), as sim-judge:bias=0.2,noise=0.05 or as the parameter sim_judge: { bias: 0.2 }', 'model') };
  }
  if (!judge && !ctx.behaviours.models[model]) {
    log(model, hash, 404);
    return { kind: 'error', status: 404, body: dialect.errors.unknownModel(model) };
  }
  const attempt = ctx.attempts.get(hash) ?? 0;
  ctx.attempts.set(hash, attempt + 1);
  const fault = applicable(decideFault(hash, attempt, ctx.faults), batchId ? 'batch' : parsed.stream ? 'stream' : 'plain');
  switch (fault.kind) {
    case 'rate_limit':
      log(model, hash, 429, fault.kind);
      return { kind: 'error', status: 429, body: dialect.errors.rateLimited(model, fault.retryAfterSeconds), headers: { 'retry-after': String(fault.retryAfterSeconds) } };
    case 'server_error':
      log(model, hash, 500, fault.kind);
      return { kind: 'error', status: 500, body: dialect.errors.serverError() };
    case 'unavailable':
      log(model, hash, 503, fault.kind);
      return { kind: 'error', status: 503, body: dialect.errors.unavailable() };
  }
  // A body that is its own chat form (a plain Chat Completions request) has the seed's hash already.
  const completion = judge
    ? simulateJudge(ctx.behaviours, judge, model, parsed.chat, hash)
    : simulateCompletion(ctx.behaviours, model, parsed.chat, parsed.chat === json ? hash : undefined);
  log(model, hash, 200, fault.kind === 'none' ? undefined : fault.kind);
  return { kind: 'completion', completion, stream: parsed.stream, includeUsage: parsed.includeUsage, fault };
}

/** Reads, validates, simulates and answers one completion request in the given dialect, injecting configured faults. */
export async function serveCompletion(ctx: SimContext, dialect: SimDialect, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let raw: string;
  try {
    raw = await readBody(req);
  } catch (err) {
    if (err instanceof BodyTooLarge) {
      ctx.requestLog.push({ model: '', requestHash: '', status: 413, at: new Date().toISOString() });
      send(res, 413, dialect.errors.tooLarge(MAX_BODY_BYTES));
    }
    return;
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    ctx.requestLog.push({ model: '', requestHash: sha256Hex(raw), status: 400, at: new Date().toISOString() });
    send(res, 400, dialect.errors.invalidJson());
    return;
  }
  const answer = answerRequest(ctx, dialect, json);
  if (answer.kind === 'error') return send(res, answer.status, answer.body, answer.headers);
  const { completion, fault } = answer;
  // Deliberately unscaled: this fault exists to trip clients' wall-clock timeouts.
  if (fault.kind === 'slow' && !(await pause(fault.delayMs, ctx.closing))) return;
  const headers = dialect.headers(completion);
  if (fault.kind === 'drop') {
    res.writeHead(200, { ...(answer.stream ? SSE_HEADERS : COMMON_HEADERS), ...headers });
    res.flushHeaders();
    breakConnection(res);
    return;
  }
  if (answer.stream) {
    const events = dialect.streamEvents(completion, Math.floor(Date.now() / 1000), planStream(completion), answer.includeUsage);
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
