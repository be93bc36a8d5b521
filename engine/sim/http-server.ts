import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { anthropicDialect } from './anthropic-dialect.js';
import { routeAnthropicBatchApi } from './anthropic-batch-api.js';
import { SimBatchStore, type SimBatchLimits } from './batch-store.js';
import { loadBehaviours, type SimBehaviours } from './behaviours.js';
import { validateFaults, type SimFaults } from './faults.js';
import { send } from './http-io.js';
import { openAiDialect } from './openai-dialect.js';
import { routeOpenAiBatchApi } from './openai-batch-api.js';
import { errorBody } from './openai-bodies.js';
import type { SimRequestLogEntry } from './request-log.js';
import { serveCompletion, type SimContext } from './serve-completion.js';
import type { SimDialect } from './sim-dialect.js';

export type { SimRequestLogEntry } from './request-log.js';

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
  /** Wall-clock ms a batch takes from creation to its results. Default 2000 × timeScale. */
  batchProcessingMs?: number;
  /** The most batches and files the sim keeps in memory; finished ones are evicted first. */
  batchLimits?: SimBatchLimits;
}

/** A running sim server. */
export interface SimServer {
  /** Base URL for OpenAI clients, e.g. http://127.0.0.1:54321/v1 */
  url: string;
  /** Base URL for Anthropic clients (they append /v1/messages), e.g. http://127.0.0.1:54321 */
  anthropicUrl: string;
  port: number;
  requestLog: SimRequestLogEntry[];
  close(): Promise<void>;
}

// The completion endpoints, each speaking its provider's dialect over the same simulated models.
const COMPLETION_ROUTES: Readonly<Record<string, SimDialect>> = {
  '/v1/chat/completions': openAiDialect,
  '/v1/messages': anthropicDialect,
};

/**
 * Starts the simulated OpenAI Chat Completions and Anthropic Messages endpoints (sim-baseline, sim-candidate) on
 * 127.0.0.1, with the batch APIs beside them (OpenAI Files + Batches, Anthropic Message Batches).
 */
export async function startSimServer(opts: SimServerOptions = {}): Promise<SimServer> {
  const behaviours: SimBehaviours = loadBehaviours(opts.behavioursFile);
  const timeScale = opts.timeScale ?? 1;
  if (!(timeScale >= 0)) throw new RangeError(`sim: timeScale must be >= 0, got ${timeScale}`);
  const faults = opts.faults ?? {};
  validateFaults(faults);
  const closing = new AbortController();
  const ctx: SimContext = { behaviours, timeScale, faults, closing: closing.signal, requestLog: [], attempts: new Map() };
  const started = Math.floor(Date.now() / 1000);
  const batchProcessingMs = opts.batchProcessingMs ?? 2000 * timeScale;
  if (!(batchProcessingMs >= 0 && Number.isFinite(batchProcessingMs))) throw new RangeError(`sim: batchProcessingMs must be a finite number >= 0, got ${batchProcessingMs}`);
  const batches = new SimBatchStore(ctx, batchProcessingMs, opts.batchLimits);

  function route(req: IncomingMessage, res: ServerResponse): void {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname.replace(/\/+$/, '');
    const dialect = COMPLETION_ROUTES[path];
    if (dialect) {
      if (req.method !== 'POST') return send(res, 405, dialect.errors.methodNotAllowed(path), { allow: 'POST' });
      serveCompletion(ctx, dialect, req, res).catch((err: unknown) => {
        if (!res.headersSent) send(res, 500, dialect.errors.internal(err));
        else res.destroy();
      });
      return;
    }
    // The batch APIs: OpenAI Files + Batches, Anthropic Message Batches.
    const batchRoute = routeOpenAiBatchApi(batches, req, res, path) || routeAnthropicBatchApi(batches, req, res, path);
    if (batchRoute) {
      batchRoute.catch((err: unknown) => {
        if (!res.headersSent) send(res, 500, errorBody(`sim internal error: ${String(err)}`, 'server_error', null));
        else res.destroy();
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
    anthropicUrl: `http://127.0.0.1:${port}`,
    port,
    requestLog: ctx.requestLog,
    close: () =>
      new Promise<void>((resolve, reject) => {
        closing.abort();
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
