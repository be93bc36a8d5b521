import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { JsonHttpTransport, readJson } from './http-transport.js';
import { ProviderError } from './provider.js';

let server: http.Server | undefined;
afterEach(async () => {
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
});

/** An endpoint that answers only when told to, so calls stay in flight. */
async function holdingServer(): Promise<{ url: URL; received: () => number; release: () => void }> {
  const waiting: http.ServerResponse[] = [];
  let count = 0;
  server = http.createServer((req, res) => {
    req.resume();
    count++;
    waiting.push(res);
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: new URL(`http://127.0.0.1:${port}/v1/chat/completions`),
    received: () => count,
    release: () => {
      for (const res of waiting.splice(0)) res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    },
  };
}

describe('JsonHttpTransport', () => {
  it('aborts every call in flight under one signal, with one listener on the signal however many calls share it', async () => {
    const endpoint = await holdingServer();
    const transport = new JsonHttpTransport(endpoint.url, { 'content-type': 'application/json' }, 64);
    const stop = new AbortController();
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    try {
      const calls = Array.from({ length: 40 }, () => transport.post({ n: 1 }, { timeoutMs: 10_000, signal: stop.signal }, readJson).then(() => 'answered', (e: unknown) => e));
      while (endpoint.received() < 40) await new Promise((r) => setTimeout(r, 5));
      stop.abort();
      const outcomes = await Promise.all(calls);
      expect(outcomes).toHaveLength(40);
      for (const o of outcomes) {
        expect(o).toBeInstanceOf(ProviderError);
        expect((o as ProviderError).message).toBe('aborted');
        expect((o as ProviderError).retryable).toBe(false);
      }
      // A signal that is already aborted refuses a new call without sending it.
      await expect(transport.post({ n: 2 }, { timeoutMs: 1000, signal: stop.signal }, readJson)).rejects.toThrow('aborted');
      expect(endpoint.received()).toBe(40);
      await new Promise((r) => setImmediate(r));
      expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
    } finally {
      process.off('warning', onWarning);
      endpoint.release();
      transport.close();
    }
  });

  it('answers calls normally when their signal never aborts, and forgets them once done', async () => {
    const endpoint = await holdingServer();
    const transport = new JsonHttpTransport(endpoint.url, { 'content-type': 'application/json' }, 8);
    const signal = new AbortController().signal;
    const calls = Array.from({ length: 5 }, () => transport.post({ n: 1 }, { timeoutMs: 10_000, signal }, readJson));
    while (endpoint.received() < 5) await new Promise((r) => setTimeout(r, 5));
    endpoint.release();
    const answers = await Promise.all(calls);
    expect(answers.map((a) => a.json)).toEqual(Array.from({ length: 5 }, () => ({ ok: true })));
    transport.close();
  });
});
