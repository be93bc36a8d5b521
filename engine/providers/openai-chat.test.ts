import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimServer, type SimServer } from '../sim/index.js';
import { callWithRetry } from './call-with-retry.js';
import { OpenAiChatProvider, parseRetryAfter } from './openai-chat.js';
import { ProviderError } from './provider.js';

let sim: SimServer | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const request = (i: number) => ({
  model: 'sim-baseline',
  messages: [
    { role: 'system', content: `You are Acme Cloud's support assistant.\ninvoice INV-${i} amount: $${i}.50` },
    { role: 'user', content: `What is the amount of invoice INV-${i}?` },
  ],
});

describe('OpenAiChatProvider against the simulated endpoint', () => {
  it('streams the same answer as a plain call, with usage, and measures time to first token', async () => {
    sim = await startSimServer({ timeScale: 0.2 });
    const plain = new OpenAiChatProvider(sim.url);
    const streamed = new OpenAiChatProvider(sim.url, { stream: true });
    for (let i = 0; i < 5; i++) {
      const a = await plain.complete(request(i), { timeoutMs: 10_000 });
      const b = await streamed.complete(request(i), { timeoutMs: 10_000 });
      expect(b).toMatchObject({ text: a.text, finishReason: a.finishReason, promptTokens: a.promptTokens, completionTokens: a.completionTokens, simulated: true });
      expect(b.text).toContain(`$${i}.50`);
      expect(a.ttftMs).toBeNull();
      expect(b.ttftMs).toBeGreaterThan(0);
      expect(b.ttftMs!).toBeLessThan(b.latencyMs!);
    }
    plain.close();
    streamed.close();
  });

  it('treats dropped connections, truncated bodies and broken streams as retryable, and gets through on the retry', async () => {
    sim = await startSimServer({ timeScale: 0, faults: { dropRate: 0.25, truncatedRate: 0.25, brokenStreamRate: 0.25 } });
    const policy = { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 5, timeoutMs: 5000 };
    for (const stream of [false, true]) {
      const p = new OpenAiChatProvider(sim.url, { stream });
      const results = await Promise.all(Array.from({ length: 30 }, (_, i) => callWithRetry(p, request(100 * (stream ? 1 : 2) + i), policy)));
      expect(results.every((r) => 'completion' in r)).toBe(true);
      expect(results.some((r) => r.retries > 0)).toBe(true);
      p.close();
    }
    const faults = new Set(sim.requestLog.map((e) => (e as { fault?: string }).fault).filter(Boolean));
    expect(faults).toEqual(new Set(['drop', 'truncated', 'broken_stream']));
  });

  it('reports a 429 with its Retry-After, and a timeout as retryable', async () => {
    sim = await startSimServer({ timeScale: 0, faults: { rate429: 1, retryAfterSeconds: 2 } });
    const p = new OpenAiChatProvider(sim.url);
    const err = await p.complete(request(1), { timeoutMs: 5000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ kind: 'http', status: 429, retryable: true, retryAfterMs: 2000 });
    p.close();
    await sim.close();
    sim = await startSimServer({ timeScale: 0, faults: { slowRate: 1, slowMs: 2000 } });
    const slow = new OpenAiChatProvider(sim.url);
    await expect(slow.complete(request(2), { timeoutMs: 200 })).rejects.toMatchObject({ kind: 'timeout', retryable: true });
    slow.close();
  });

  it('sends the bytes the caller has of a plain body as they are, and builds a streamed body itself', async () => {
    const received: string[] = [];
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        received.push(text);
        const answer = { choices: [{ message: { content: 'ok' }, finish_reason: 'stop' }], usage: { prompt_tokens: 1, completion_tokens: 1 } };
        if (JSON.parse(text).stream !== true) return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.end(`data: ${JSON.stringify({ choices: [{ delta: { content: 'ok' }, finish_reason: 'stop' }] })}\n\ndata: [DONE]\n\n`);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    const body = { model: 'm', messages: [{ role: 'user', content: 'Grüße' }] };
    const payload = Buffer.from('{"messages":[{"content":"Grüße","role":"user"}],"model":"m"}');
    const plain = new OpenAiChatProvider(url);
    const streamed = new OpenAiChatProvider(url, { stream: true });
    try {
      expect((await plain.complete(body, { timeoutMs: 5000, payload })).text).toBe('ok');
      expect((await plain.complete(body, { timeoutMs: 5000 })).text).toBe('ok');
      expect((await streamed.complete(body, { timeoutMs: 5000, payload })).text).toBe('ok');
    } finally {
      plain.close();
      streamed.close();
      await new Promise<void>((r) => server.close(() => r()));
    }
    expect(received[0]).toBe(payload.toString('utf8'));
    expect(received[1]).toBe(JSON.stringify(body));
    // The streamed request is the body with its stream fields, whatever bytes the caller had.
    expect(JSON.parse(received[2]!)).toEqual({ ...body, stream: true, stream_options: { include_usage: true } });
  });

  it('parses Retry-After in seconds and as an HTTP date', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter('Thu, 26 Nov 2026 15:00:10 GMT', Date.parse('Thu, 26 Nov 2026 15:00:00 GMT'))).toBe(10_000);
    expect(parseRetryAfter(undefined)).toBeNull();
  });
});
