import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSeededContext } from '../../test-support/seeded-context.js';
import { CONTENT_SECURITY_POLICY, MAX_BODY_BYTES, startHttpServer, type HttpServerHandle } from './http-server.js';

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A raw request: node:http lets a test set Host and send un-normalised paths, which fetch would not. */
function raw(port: number, opts: { method?: string; path: string; host?: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers: { Host: opts.host ?? `127.0.0.1:${port}`, ...opts.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

const SECRET = 'TOP-SECRET-OUTSIDE-STATIC';
const TOKEN = 'a'.repeat(64);

let root: string;
let server: HttpServerHandle;
let seeded: ReturnType<typeof openSeededContext>;

function call(method: string, body: string | Buffer, headers: Record<string, string> = { Authorization: `Bearer ${TOKEN}` }) {
  return raw(server.port, { method: 'POST', path: `/api/call/${method}`, headers: { 'Content-Type': 'application/json', ...headers }, body });
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'canary-gate-http-'));
  const staticDir = join(root, 'static');
  mkdirSync(join(staticDir, 'assets'), { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Canary Gate</title>');
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log("app");');
  writeFileSync(join(staticDir, 'assets', 'app.css'), 'body{}');
  writeFileSync(join(root, 'secret.txt'), SECRET);
  mkdirSync(join(root, 'static-evil'));
  writeFileSync(join(root, 'static-evil', 'x.txt'), SECRET);
  seeded = openSeededContext();
  server = await startHttpServer({ ctx: seeded.ctx, staticDir, port: 0, token: TOKEN });
});

afterAll(async () => {
  await server?.close();
  seeded?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('startHttpServer', () => {
  it('listens on 127.0.0.1 and reports its url, port and token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.port).toBeGreaterThan(0);
    expect(server.token).toBe(TOKEN);
  });

  it('makes a fresh 64-hex-digit token per launch when none is given', async () => {
    const a = await startHttpServer({ ctx: seeded.ctx, staticDir: root });
    const b = await startHttpServer({ ctx: seeded.ctx, staticDir: root });
    try {
      expect(a.token).toMatch(/^[0-9a-f]{64}$/);
      expect(b.token).toMatch(/^[0-9a-f]{64}$/);
      expect(a.token).not.toBe(b.token);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('refuses any host other than 127.0.0.1', async () => {
    await expect(startHttpServer({ ctx: seeded.ctx, staticDir: root, host: '0.0.0.0' })).rejects.toThrow(/host must be 127\.0\.0\.1/);
  });
});

describe('POST /api/call/:method', () => {
  it('answers a call with the bearer token with the CallResult of dispatch', async () => {
    const res = await call('runs.list', '{}');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const body = JSON.parse(res.body) as { ok: boolean; value: { total: number; runs: { id: string }[] } };
    expect(body.ok).toBe(true);
    expect(body.value.total).toBe(2);
    expect(body.value.runs.map((r) => r.id).sort()).toEqual([...seeded.seeded.runIds].sort());
  });

  it('rejects a call without a token with 401', async () => {
    const res = await call('runs.list', '{}', {});
    expect(res.status).toBe(401);
    expect(res.body).not.toContain('run-');
  });

  it('rejects a wrong token with 401', async () => {
    for (const auth of [`Bearer ${'b'.repeat(64)}`, `Bearer ${TOKEN.slice(1)}`, TOKEN, `Basic ${TOKEN}`]) {
      const res = await call('runs.list', '{}', { Authorization: auth });
      expect(res.status, auth).toBe(401);
    }
  });

  it('answers an unknown method with a not_found CallResult', async () => {
    const res = await call('nope.nothing', '{}');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ ok: false, error: { code: 'not_found', message: 'unknown method "nope.nothing"' } });
  });

  it('answers bad input with the bad_input CallResult of dispatch', async () => {
    const res = await call('runs.list', '{"limit":0}');
    expect(res.status).toBe(200);
    const body = JSON.parse(res.body) as { ok: false; error: { code: string; message: string } };
    expect(body.ok).toBe(false);
    expect(body.error.code).toBe('bad_input');
    expect(body.error.message).toMatch(/^runs\.list: limit: /);
  });

  it('treats an empty body as an empty input', async () => {
    const res = await call('workspace.info', '');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ ok: true, value: { root: seeded.ctx.workspace.root } });
  });

  it('rejects malformed JSON with 400', async () => {
    const res = await call('runs.list', '{"limit": ');
    expect(res.status).toBe(400);
    const body = JSON.parse(res.body) as { ok: false; error: { code: string; message: string } };
    expect(body.error.code).toBe('bad_input');
    expect(body.error.message).toMatch(/not valid JSON/);
  });

  it('rejects a body over 1 MB with 413', async () => {
    const res = await call('runs.list', Buffer.alloc(MAX_BODY_BYTES + 1, 0x20));
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'bad_input' } });
  });

  it('rejects other HTTP methods with 405', async () => {
    const res = await raw(server.port, { path: '/api/call/runs.list', headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(405);
  });

  it('rejects a cross-origin request with 403 even with the token', async () => {
    const res = await call('runs.list', '{}', { Authorization: `Bearer ${TOKEN}`, Origin: 'http://evil.example' });
    expect(res.status).toBe(403);
  });

  it('accepts a same-origin request', async () => {
    const res = await call('runs.list', '{}', { Authorization: `Bearer ${TOKEN}`, Origin: server.url });
    expect(res.status).toBe(200);
  });
});

describe('Host header check (DNS rebinding)', () => {
  it('rejects foreign or missing-port hosts on every route', async () => {
    const port = server.port;
    for (const host of ['evil.example', `evil.example:${port}`, '127.0.0.1', `127.0.0.1:${port + 1}`, `localhost.evil.example:${port}`, `0.0.0.0:${port}`]) {
      const page = await raw(port, { path: '/', host });
      expect(page.status, host).toBe(421);
      const api = await raw(port, { method: 'POST', path: '/api/call/runs.list', host, headers: { Authorization: `Bearer ${TOKEN}` }, body: '{}' });
      expect(api.status, host).toBe(421);
      expect(api.body).not.toContain('run-');
    }
  });

  it('accepts 127.0.0.1:PORT and localhost:PORT', async () => {
    expect((await raw(server.port, { path: '/', host: `127.0.0.1:${server.port}` })).status).toBe(200);
    expect((await raw(server.port, { path: '/', host: `localhost:${server.port}` })).status).toBe(200);
  });
});

describe('static files', () => {
  it('serves index.html for / without a token, with the security headers', async () => {
    const res = await raw(server.port, { path: '/?token=whatever' });
    expect(res.status).toBe(200);
    expect(res.body).toBe('<!doctype html><title>Canary Gate</title>');
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers['content-security-policy']).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    );
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it('serves assets with their content types', async () => {
    const js = await raw(server.port, { path: '/assets/app.js' });
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.body).toBe('console.log("app");');
    const css = await raw(server.port, { path: '/assets/app.css' });
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it('answers HEAD without a body', async () => {
    const res = await raw(server.port, { method: 'HEAD', path: '/assets/app.js' });
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
  });

  it('never serves a file outside the static folder', async () => {
    for (const path of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e/secret.txt',
      '/%2e%2e%2fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      '/../static-evil/x.txt',
      '/..%2fstatic-evil%2fx.txt',
      '/%2fetc%2fpasswd',
      '//etc/passwd',
    ]) {
      const res = await raw(server.port, { path });
      expect(res.status, path).toBe(404);
      expect(res.body, path).not.toContain(SECRET);
      expect(res.body, path).not.toContain('root:');
    }
  });

  it('answers 404 for missing files and directories', async () => {
    expect((await raw(server.port, { path: '/missing.js' })).status).toBe(404);
    expect((await raw(server.port, { path: '/assets' })).status).toBe(404);
    expect((await raw(server.port, { path: '/api/unknown' })).status).toBe(404);
  });
});

describe('GET /api/events', () => {
  it('requires the token', async () => {
    expect((await raw(server.port, { path: '/api/events' })).status).toBe(401);
    expect((await raw(server.port, { path: '/api/events?token=wrong' })).status).toBe(401);
  });

  it('streams an emitted event as Server-Sent Events', async () => {
    const received = await new Promise<{ contentType: string | undefined; text: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: server.port, path: `/api/events?token=${TOKEN}`, headers: { Host: `127.0.0.1:${server.port}` } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
          // Emit only once the stream is open, so the subscription is known to be in place.
          if (text.startsWith(': connected\n\n') && !text.includes('event:')) {
            seeded.ctx.events.emit('replay.progress', { runId: 'run-x', done: 3, total: 10, infraErrors: 1 });
          }
          const at = text.indexOf('event:');
          if (at >= 0 && text.includes('\n\n', at)) {
            req.destroy();
            resolve({ contentType: res.headers['content-type'], text });
          }
        });
      });
      req.on('error', reject);
      req.end();
    });
    expect(received.contentType).toBe('text/event-stream; charset=utf-8');
    expect(received.text).toBe(': connected\n\nevent: replay.progress\ndata: {"runId":"run-x","done":3,"total":10,"infraErrors":1}\n\n');
  });

  it('lets close() finish while an event stream is open', async () => {
    const other = await startHttpServer({ ctx: seeded.ctx, staticDir: root, token: TOKEN });
    await new Promise<void>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: other.port, path: `/api/events?token=${TOKEN}`, headers: { Host: `127.0.0.1:${other.port}` } }, (res) => {
        res.once('data', () => resolve());
        res.on('error', () => {});
      });
      req.on('error', () => {});
      req.end();
      setTimeout(() => reject(new Error('stream did not open')), 5000).unref();
    });
    await expect(other.close()).resolves.toBeUndefined();
  });
});
