import http from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../shared/domain/capture.js';
import { loadBehaviours } from './behaviours.js';
import { startSimServer, type SimServer } from './http-server.js';
import { useSimServers } from '../../test-support/sim-servers.js';
import { requestHash } from './request-hash.js';
import { simulateCompletion } from './simulate.js';

const start = useSimServers();

const body = (model: string, user = 'How much was invoice INV-1042?'): ChatRequest => ({
  model,
  messages: [
    { role: 'system', content: 'Account facts:\ninvoice INV-1042 amount: $42.10' },
    { role: 'user', content: user },
  ],
});

function post(s: SimServer, payload: unknown): Promise<Response> {
  return fetch(`${s.url}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer not-a-real-key' },
    body: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
}

describe('sim server', () => {
  it('answers like OpenAI Chat Completions and labels every response as simulated', async () => {
    const s = await start();
    expect(s.url).toBe(`http://127.0.0.1:${s.port}/v1`);
    const res = await post(s, body('sim-baseline'));
    expect(res.status).toBe(200);
    expect(res.headers.get('x-canary-gate-simulated')).toBe('true');
    expect(res.headers.get('content-type')).toBe('application/json');
    const json = (await res.json()) as Record<string, unknown>;
    const expected = simulateCompletion(loadBehaviours(), 'sim-baseline', body('sim-baseline'));
    expect(json).toMatchObject({
      object: 'chat.completion',
      model: 'sim-baseline',
      system_fingerprint: 'simulated',
      choices: [{ index: 0, message: { role: 'assistant', content: expected.content }, finish_reason: 'stop' }],
      usage: expected.usage,
    });
    expect(json.id).toMatch(/^chatcmpl-sim-[0-9a-f]{24}$/);
    expect(Math.abs((json.created as number) - Date.now() / 1000)).toBeLessThan(60);
    expect(expected.content).toContain('$42.10');
  });

  it('is deterministic across requests and servers', async () => {
    const a = await start();
    const b = await start();
    const texts = await Promise.all([a, a, b].map(async (s) => ((await (await post(s, body('sim-candidate'))).json()) as { choices: { message: { content: string } }[] }).choices[0]!.message.content));
    expect(new Set(texts).size).toBe(1);
  });

  it('lists the models and reports health', async () => {
    const s = await start();
    const models = await fetch(`${s.url}/models`);
    expect(models.headers.get('x-canary-gate-simulated')).toBe('true');
    const list = (await models.json()) as { object: string; data: { id: string; object: string }[] };
    expect(list.object).toBe('list');
    expect(list.data.map((m) => m.id)).toEqual(['sim-baseline', 'sim-candidate']);
    const health = await fetch(`http://127.0.0.1:${s.port}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', simulated: true, models: ['sim-baseline', 'sim-candidate'] });
  });

  it('returns 404 with an OpenAI error body for an unknown model', async () => {
    const s = await start();
    const res = await post(s, body('gpt-4o'));
    expect(res.status).toBe(404);
    expect(res.headers.get('x-canary-gate-simulated')).toBe('true');
    expect(await res.json()).toEqual({
      error: { message: 'The model `gpt-4o` does not exist or you do not have access to it.', type: 'invalid_request_error', param: 'model', code: 'model_not_found' },
    });
    expect(s.requestLog).toMatchObject([{ model: 'gpt-4o', status: 404 }]);
  });

  it('returns 400 for malformed JSON, a body without messages and a non-boolean stream', async () => {
    const s = await start();
    const bad = await post(s, '{"model": "sim-baseline", "messages": [');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string; type: string } }).error).toMatchObject({ code: 'invalid_json', type: 'invalid_request_error' });
    const shape = await post(s, { model: 'sim-baseline' });
    expect(shape.status).toBe(400);
    expect(((await shape.json()) as { error: { param: string } }).error.param).toBe('messages');
    const stream = await post(s, { ...body('sim-baseline'), stream: 'yes' });
    expect(stream.status).toBe(400);
    expect(((await stream.json()) as { error: { param: string } }).error.param).toBe('stream');
    expect(s.requestLog.map((e) => [e.model, e.status])).toEqual([
      ['', 400],
      ['sim-baseline', 400],
      ['sim-baseline', 400],
    ]);
  });

  it('answers 413 for a body over 16 MiB', async () => {
    const s = await start();
    const res = await post(s, JSON.stringify({ ...body('sim-baseline'), padding: 'x'.repeat(17 * 1024 * 1024) }));
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('request_too_large');
  });

  it('answers 405 for a wrong method and 404 for an unknown path', async () => {
    const s = await start();
    expect((await fetch(`${s.url}/chat/completions`)).status).toBe(405);
    const missing = await fetch(`${s.url}/embeddings`, { method: 'GET' });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });

  it('logs every completion request with its model, hash, status and time', async () => {
    const s = await start();
    await post(s, body('sim-baseline'));
    await post(s, body('sim-candidate'));
    expect(s.requestLog).toHaveLength(2);
    expect(s.requestLog[0]).toEqual({ model: 'sim-baseline', requestHash: requestHash('sim-baseline', body('sim-baseline')), status: 200, at: expect.any(String) });
    expect(Date.parse(s.requestLog[1]!.at)).not.toBeNaN();
  });

  it('fails a first attempt with 429 and Retry-After, then lets the retry through', async () => {
    const s = await start({ faults: { rate429: 1, retryAfterSeconds: 2 } });
    const first = await post(s, body('sim-candidate'));
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('2');
    expect(first.headers.get('x-canary-gate-simulated')).toBe('true');
    expect(((await first.json()) as { error: { code: string } }).error.code).toBe('rate_limit_exceeded');
    const retry = await post(s, body('sim-candidate'));
    expect(retry.status).toBe(200);
    // A different request is a new first attempt.
    expect((await post(s, body('sim-candidate', 'When is INV-1042 due?'))).status).toBe(429);
    expect(s.requestLog.map((e) => e.status)).toEqual([429, 200, 429]);
  });

  it('fails a first attempt with 500 when asked to', async () => {
    const s = await start({ faults: { rate500: 1 } });
    const first = await post(s, body('sim-baseline'));
    expect(first.status).toBe(500);
    expect(((await first.json()) as { error: { type: string } }).error.type).toBe('server_error');
    expect((await post(s, body('sim-baseline'))).status).toBe(200);
  });

  it('injects faults at the configured rate, deterministically per request', async () => {
    const statuses = async () => {
      const s = await start({ faults: { rate429: 0.2, rate500: 0.1 } });
      const out: number[] = [];
      for (let i = 0; i < 200; i++) out.push((await post(s, { ...body('sim-baseline'), user: `u${i}` })).status);
      for (let i = 0; i < 200; i++) expect((await post(s, { ...body('sim-baseline'), user: `u${i}` })).status).toBe(200);
      return out;
    };
    const first = await statuses();
    expect(await statuses()).toEqual(first);
    const share = (code: number) => first.filter((c) => c === code).length / first.length;
    expect(share(429)).toBeGreaterThan(0.12);
    expect(share(429)).toBeLessThan(0.28);
    expect(share(500)).toBeGreaterThan(0.04);
    expect(share(500)).toBeLessThan(0.16);
  });

  it('rejects invalid fault rates and time scales', async () => {
    await expect(startSimServer({ faults: { rate429: 0.8, rate500: 0.5 } })).rejects.toThrow(/must not exceed 1/);
    await expect(startSimServer({ timeScale: -1 })).rejects.toThrow(/timeScale/);
  });

  it('binds the loopback interface only', async () => {
    const s = await start();
    const external = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal);
    if (external) {
      const refused = await new Promise<string>((resolve) => {
        const socket = connect({ host: external.address, port: s.port });
        socket.once('connect', () => {
          socket.destroy();
          resolve('connected');
        });
        socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
      });
      expect(refused).toBe('ECONNREFUSED');
    }
    expect((await fetch(`http://127.0.0.1:${s.port}/health`)).status).toBe(200);
  });

  it('keeps connections alive between requests', async () => {
    const s = await start();
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const reused: boolean[] = [];
    for (let i = 0; i < 3; i++) {
      await new Promise<void>((resolve, reject) => {
        const payload = JSON.stringify(body('sim-baseline'));
        const req = http.request(`${s.url}/chat/completions`, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
          res.resume();
          res.on('end', resolve);
        });
        req.on('error', reject);
        reused.push(req.reusedSocket);
        req.end(payload);
      });
    }
    agent.destroy();
    expect(reused).toEqual([false, true, true]);
  });

  it('answers at once with timeScale 0 and sleeps the scaled latency otherwise', async () => {
    const fast = await start({ timeScale: 0 });
    const t0 = performance.now();
    await Promise.all(Array.from({ length: 50 }, (_, i) => post(fast, { ...body('sim-baseline'), user: `u${i}` })));
    expect(performance.now() - t0).toBeLessThan(2000);

    const slow = await start({ timeScale: 0.05 });
    const t1 = performance.now();
    const res = await post(slow, body('sim-baseline'));
    const elapsed = performance.now() - t1;
    const latency = Number(res.headers.get('openai-processing-ms'));
    expect(latency).toBe(simulateCompletion(loadBehaviours(), 'sim-baseline', body('sim-baseline')).latencyMs);
    expect(elapsed).toBeGreaterThanOrEqual(latency * 0.05 - 2);
  });

  it('closes promptly with idle keep-alive connections open', async () => {
    const s = await startSimServer({ timeScale: 0 });
    await post(s, body('sim-baseline'));
    const t0 = performance.now();
    await s.close();
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});
