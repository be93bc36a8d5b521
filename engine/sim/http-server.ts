import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { chatRequestSchema, type ChatRequest } from '../../shared/domain/capture.js';
import { sha256Hex } from '../hashing.js';
import { loadBehaviours, type SimBehaviours } from './behaviours.js';
import { decideFault, validateFaults, type SimFaults } from './faults.js';
import { completionBody, errorBody } from './openai-bodies.js';
import { requestHash } from './request-hash.js';
import { simulateCompletion } from './simulate.js';

/** How to start the simulated endpoints. */
export interface SimServerOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Loopback only: the sim is a test double and must never be reachable from the network. */
  host?: '127.0.0.1';
  /** Multiplies each drawn latency before sleeping; 0 answers at once. Default 1. */
  timeScale?: number;
  /** Default: fixtures/sim/models.yaml under the package root. */
  behavioursFile?: string;
  faults?: SimFaults;
}

/** One chat completion request the sim received. */
export interface SimRequestLogEntry {
  /** The requested model ('' when the body could not be read). */
  model: string;
  /** requestHash(model, body), or sha256 of the raw bytes when they were not JSON. */
  requestHash: string;
  status: number;
  /** Arrival time, ISO 8601. */
  at: string;
}

/** A running sim server. */
export interface SimServer {
  /** Base URL for OpenAI clients, e.g. http://127.0.0.1:54321/v1 */
  url: string;
  port: number;
  requestLog: SimRequestLogEntry[];
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 16 * 1024 * 1024;
const COMMON_HEADERS = { 'content-type': 'application/json', 'x-canary-gate-simulated': 'true' } as const;

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      // Keep draining past the limit so the client still receives the 413 instead of a reset.
      if (size <= MAX_BODY_BYTES) chunks.push(c);
    });
    req.on('end', () => (size > MAX_BODY_BYTES ? reject(new BodyTooLarge()) : resolve(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { ...COMMON_HEADERS, 'content-length': Buffer.byteLength(payload), ...headers });
  res.end(payload);
}

/** Starts the simulated OpenAI Chat Completions endpoints (sim-baseline, sim-candidate) on 127.0.0.1. */
export async function startSimServer(opts: SimServerOptions = {}): Promise<SimServer> {
  const behaviours: SimBehaviours = loadBehaviours(opts.behavioursFile);
  const timeScale = opts.timeScale ?? 1;
  if (!(timeScale >= 0)) throw new RangeError(`sim: timeScale must be >= 0, got ${timeScale}`);
  const faults = opts.faults ?? {};
  validateFaults(faults);
  const requestLog: SimRequestLogEntry[] = [];
  const attempts = new Map<string, number>();
  const closing = new AbortController();
  const started = Math.floor(Date.now() / 1000);

  async function chatCompletions(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = new Date().toISOString();
    const log = (model: string, hash: string, status: number) => requestLog.push({ model, requestHash: hash, status, at });
    let raw: string;
    try {
      raw = await readBody(req);
    } catch (err) {
      if (err instanceof BodyTooLarge) {
        log('', '', 413);
        send(res, 413, errorBody(`Request body exceeds ${MAX_BODY_BYTES} bytes.`, 'invalid_request_error', 'request_too_large'));
      }
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      log('', sha256Hex(raw), 400);
      send(res, 400, errorBody('We could not parse the JSON body of your request.', 'invalid_request_error', 'invalid_json'));
      return;
    }
    const parsed = chatRequestSchema.safeParse(json);
    if (!parsed.success) {
      const model = json && typeof json === 'object' && typeof (json as { model?: unknown }).model === 'string' ? (json as { model: string }).model : '';
      const issue = parsed.error.issues[0];
      const param = issue?.path.join('.') || null;
      log(model, requestHash(model, json), 400);
      send(res, 400, errorBody(`Invalid request: ${param ?? 'body'}: ${issue?.message ?? 'invalid'}`, 'invalid_request_error', 'invalid_request', param));
      return;
    }
    // Hash what the client sent, not the schema's output, so the seed is exactly the request's bytes' meaning.
    const request = json as ChatRequest;
    const hash = requestHash(request.model, request);
    if ((json as { stream?: unknown }).stream === true) {
      log(request.model, hash, 400);
      send(res, 400, errorBody('stream: true is not supported by the simulated endpoints.', 'invalid_request_error', 'unsupported_parameter', 'stream'));
      return;
    }
    if (!behaviours.models[request.model]) {
      log(request.model, hash, 404);
      send(res, 404, errorBody(`The model \`${request.model}\` does not exist or you do not have access to it.`, 'invalid_request_error', 'model_not_found', 'model'));
      return;
    }
    const attempt = attempts.get(hash) ?? 0;
    attempts.set(hash, attempt + 1);
    const fault = decideFault(hash, attempt, faults);
    if (fault.kind === 'rate_limit') {
      log(request.model, hash, 429);
      send(res, 429, errorBody(`Rate limit reached for ${request.model} (simulated). Please retry after ${fault.retryAfterSeconds}s.`, 'requests', 'rate_limit_exceeded'), {
        'retry-after': String(fault.retryAfterSeconds),
      });
      return;
    }
    if (fault.kind === 'server_error') {
      log(request.model, hash, 500);
      send(res, 500, errorBody('The server had an error while processing your request (simulated).', 'server_error', null));
      return;
    }
    const completion = simulateCompletion(behaviours, request.model, request);
    log(request.model, hash, 200);
    if (timeScale > 0) {
      try {
        await sleep(completion.latencyMs * timeScale, undefined, { signal: closing.signal });
      } catch {
        return; // the server is closing; its sockets are being destroyed
      }
    }
    send(res, 200, completionBody(completion, Math.floor(Date.now() / 1000)), {
      'x-request-id': `req-sim-${hash.slice(0, 24)}`,
      'openai-processing-ms': String(completion.latencyMs),
      'x-canary-gate-sim-intent': completion.intent,
    });
  }

  function route(req: IncomingMessage, res: ServerResponse): void {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname.replace(/\/+$/, '');
    if (path === '/v1/chat/completions') {
      if (req.method !== 'POST') return send(res, 405, errorBody('Use POST for /v1/chat/completions.', 'invalid_request_error', 'method_not_allowed'), { allow: 'POST' });
      chatCompletions(req, res).catch((err: unknown) => {
        if (!res.headersSent) send(res, 500, errorBody(`sim internal error: ${String(err)}`, 'server_error', null));
      });
      return;
    }
    if (req.method !== 'GET') return send(res, 405, errorBody(`Use GET for ${path}.`, 'invalid_request_error', 'method_not_allowed'), { allow: 'GET' });
    if (path === '/v1/models') {
      const data = Object.keys(behaviours.models).map((id) => ({ id, object: 'model', created: started, owned_by: 'canary-gate-sim' }));
      return send(res, 200, { object: 'list', data });
    }
    if (path === '/health') return send(res, 200, { status: 'ok', simulated: true, models: Object.keys(behaviours.models) });
    send(res, 404, errorBody(`Unknown path ${path}.`, 'invalid_request_error', 'not_found'));
  }

  const server = createServer(route);
  // Longer than client agents' idle timeout, so clients, not the server, close idle keep-alive sockets.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    port,
    requestLog,
    close: () =>
      new Promise<void>((resolve, reject) => {
        closing.abort();
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
