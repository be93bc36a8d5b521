import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { extname, resolve, sep } from 'node:path';
import type { CallResult } from '../../shared/contract/index.js';
import { dispatch } from './dispatch.js';
import type { HandlerContext } from './handlers.js';
import { type WorkspaceWatchOptions } from './workspace-watch.js';
import { startEngineServices, type EngineServices } from './engine-services.js';
import { CONTENT_SECURITY_POLICY } from '../../shared/security/content-security-policy.js';

export { CONTENT_SECURITY_POLICY };

/** Largest accepted call body; the contract's inputs are tiny, so anything bigger is abuse or a bug. */
export const MAX_BODY_BYTES = 1024 * 1024;

const HEARTBEAT_MS = 15_000;
const ALLOWED_HOST = '127.0.0.1';

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export interface HttpServerOptions {
  ctx: HandlerContext;
  /** The built renderer (dist/renderer). */
  staticDir: string;
  /** Only 127.0.0.1 is allowed: the API is a local desktop backend, never a network service. */
  host?: string;
  /** 0 picks an ephemeral port. */
  port?: number;
  /** Fixed token (tests; `serve` keeps one in the workspace); a fresh 32-byte random one per launch otherwise. */
  token?: string;
  /**
   * Watch the workspace database for other processes' changes (workspace.changed, and live progress of their
   * replays) while the server runs: on unless false.
   */
  watch?: false | WorkspaceWatchOptions;
}

export interface HttpServerHandle {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Constant-time token check; hashing first gives equal lengths, which timingSafeEqual requires. */
function tokenMatches(given: string | null | undefined, expected: string): boolean {
  if (!given) return false;
  return timingSafeEqual(digest(given), digest(expected));
}

function bearerToken(req: IncomingMessage): string | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return m ? m[1]! : null;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function sendText(res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(text), ...extra });
  res.end(text);
}

/** Transport-level refusals still answer with a CallResult so the client can show the message. */
function sendCallError(res: ServerResponse, status: number, code: 'bad_input' | 'not_found' | 'internal', message: string): void {
  const body: CallResult<never> = { ok: false, error: { code, message } };
  sendJson(res, status, body);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolveBody, rejectBody) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) {
      rejectBody(new HttpError(413, `request body over ${MAX_BODY_BYTES} bytes`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      // A chunked body has no Content-Length, so the limit is also enforced while streaming. The socket is
      // not destroyed here so that the 413 can still be written; the caller closes the connection after it.
      if (size > MAX_BODY_BYTES) {
        req.off('data', onData);
        req.off('end', onEnd);
        rejectBody(new HttpError(413, `request body over ${MAX_BODY_BYTES} bytes`));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => resolveBody(Buffer.concat(chunks).toString('utf8'));
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', rejectBody);
  });
}

/**
 * Serves the workbench UI and its API on 127.0.0.1: `POST /api/call/:method` (bearer token) runs the same
 * dispatch as Electron's IPC, `GET /api/events?token=` streams engine events as SSE, everything else is
 * the built renderer. Every request must name this server in its Host header (DNS-rebinding defence).
 */
export async function startHttpServer(opts: HttpServerOptions): Promise<HttpServerHandle> {
  const host = opts.host ?? ALLOWED_HOST;
  if (host !== ALLOWED_HOST) throw new Error(`startHttpServer: host must be ${ALLOWED_HOST} (got "${host}"): the workbench API is never exposed to the network`);
  const token = opts.token ?? randomBytes(32).toString('hex');
  if (token.length < 16) throw new Error('startHttpServer: token must be at least 16 characters');
  const ctx = opts.ctx;
  const staticRoot = resolve(opts.staticDir);
  const sockets = new Set<Socket>();
  const streams = new Set<ServerResponse>();
  // Set once listening: the watch and the warm-up (each call pushes the warm-up back).
  let services: EngineServices | null = null;
  let port = 0;
  let allowedHosts = new Set<string>();
  let allowedOrigins = new Set<string>();

  async function handleCall(req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
    if (req.method !== 'POST') {
      sendText(res, 405, 'Method Not Allowed', { Allow: 'POST' });
      return;
    }
    if (!tokenMatches(bearerToken(req), token)) {
      sendJson(res, 401, { ok: false, error: { code: 'unauthorized', message: 'missing or wrong token: open the link printed by `canary-gate serve`' } });
      return;
    }
    let text: string;
    try {
      text = await readBody(req);
    } catch (err) {
      if (err instanceof HttpError) {
        // Connection: close lets Node discard the rest of the upload after the 413 is out; the timer bounds
        // how long a client may keep streaming into the void (destroying at once could reset the 413 away).
        res.setHeader('Connection', 'close');
        res.once('finish', () => setTimeout(() => req.destroy(), 2000).unref());
        sendCallError(res, err.status, 'bad_input', err.message);
        return;
      }
      throw err;
    }
    let input: unknown;
    try {
      input = text.trim() === '' ? undefined : JSON.parse(text);
    } catch (err) {
      sendCallError(res, 400, 'bad_input', `request body is not valid JSON: ${(err as Error).message}`);
      return;
    }
    services?.noteCall();
    sendJson(res, 200, await dispatch(method, input, ctx));
    services?.noteCall();
  }

  function handleEvents(req: IncomingMessage, res: ServerResponse, url: URL): void {
    if (req.method !== 'GET') {
      sendText(res, 405, 'Method Not Allowed', { Allow: 'GET' });
      return;
    }
    // EventSource cannot send headers, so this one route takes the token in the query string.
    if (!tokenMatches(url.searchParams.get('token'), token)) {
      sendText(res, 401, 'missing or wrong token');
      return;
    }
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    res.write(': connected\n\n');
    streams.add(res);
    const unsubscribe = ctx.events.subscribe((event, payload) => {
      res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
    });
    // Comments keep proxies and idle timers from closing a quiet stream.
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    const stop = () => {
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(res);
    };
    req.once('close', stop);
    res.once('close', stop);
  }

  async function handleStatic(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendText(res, 405, 'Method Not Allowed', { Allow: 'GET, HEAD' });
      return;
    }
    let path: string;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      sendText(res, 400, 'Bad Request');
      return;
    }
    if (path.includes('\0') || path.includes('\\')) {
      sendText(res, 404, 'Not Found');
      return;
    }
    if (path.endsWith('/')) path += 'index.html';
    const file = resolve(staticRoot, `.${path}`);
    // An encoded "..%2f" survives URL normalisation, so containment is checked on the resolved path,
    // and again after resolving symlinks.
    if (!file.startsWith(staticRoot + sep)) {
      sendText(res, 404, 'Not Found');
      return;
    }
    let body: Buffer;
    try {
      const real = await realpath(file);
      const realRoot = await realpath(staticRoot);
      if (!real.startsWith(realRoot + sep) || !(await stat(real)).isFile()) throw new Error('not a served file');
      body = await readFile(real);
    } catch {
      sendText(res, 404, 'Not Found');
      return;
    }
    const html = extname(file) === '.html';
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': body.length,
      // Vite's asset names carry a content hash; the page itself must always be fresh.
      'Cache-Control': html ? 'no-store' : 'no-cache',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // A rebinding attacker's page reaches us under its own host name; only our literal names are accepted.
    const hostHeader = (req.headers.host ?? '').toLowerCase();
    if (!allowedHosts.has(hostHeader)) {
      sendText(res, 421, 'Misdirected Request: unexpected Host header');
      return;
    }
    // Browsers always send Origin on cross-origin requests; refuse any that is not this server.
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins.has(origin.toLowerCase())) {
      sendText(res, 403, 'Forbidden: cross-origin request');
      return;
    }
    const url = new URL(req.url ?? '/', `http://${ALLOWED_HOST}:${port}`);
    if (url.pathname.startsWith('/api/call/')) {
      let method: string;
      try {
        method = decodeURIComponent(url.pathname.slice('/api/call/'.length));
      } catch {
        sendCallError(res, 400, 'bad_input', 'malformed method name');
        return;
      }
      await handleCall(req, res, method);
    } else if (url.pathname === '/api/events') {
      handleEvents(req, res, url);
    } else if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
      sendText(res, 404, 'Not Found');
    } else {
      await handleStatic(req, res, url);
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      sendCallError(res, 500, 'internal', `server error: ${(err as Error).message}`);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  port = (server.address() as AddressInfo).port;
  allowedHosts = new Set([`${ALLOWED_HOST}:${port}`, `localhost:${port}`]);
  allowedOrigins = new Set([`http://${ALLOWED_HOST}:${port}`, `http://localhost:${port}`]);
  if (opts.watch !== false) services = startEngineServices(ctx, { watch: opts.watch ?? {} });

  let closing: Promise<void> | undefined;
  return {
    url: `http://${ALLOWED_HOST}:${port}`,
    port,
    token,
    close() {
      const stopped = services?.close() ?? Promise.resolve();
      closing ??= new Promise<void>((resolveClose, rejectClose) => {
        // SSE streams never end on their own; without this close() would wait forever.
        for (const res of streams) res.end();
        server.close((err) => (err ? rejectClose(err) : stopped.then(resolveClose, rejectClose)));
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}
