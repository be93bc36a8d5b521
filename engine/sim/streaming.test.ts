import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../shared/domain/capture.js';
import { loadBehaviours } from './behaviours.js';
import type { SimServer } from './http-server.js';
import { useSimServers } from '../../test-support/sim-servers.js';
import { requestHash } from './request-hash.js';
import { simulateCompletion } from './simulate.js';
import { parseSseEvents } from './sse-events.js';
import { planStream } from './stream-plan.js';

const start = useSimServers();

const body = (model: string, user = 'How much was invoice INV-1042 and when is it due?'): ChatRequest => ({
  model,
  messages: [
    { role: 'system', content: 'Account facts:\ninvoice INV-1042 amount: $42.10\ninvoice INV-1042 due date: March 15, 2025' },
    { role: 'user', content: user },
  ],
});

const post = (s: SimServer, payload: unknown) =>
  fetch(`${s.url}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });

interface Chunk {
  id: string;
  object: string;
  created: number;
  model: string;
  system_fingerprint: string;
  choices: { index: number; delta: { role?: string; content?: string }; finish_reason: string | null }[];
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number } | null;
}

/** Reads a response body, noting when (ms after `t0`) each piece of text arrived. */
async function readTimed(res: Response, t0: number): Promise<{ text: string; arrivals: { atMs: number; text: string }[] }> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const arrivals: { atMs: number; text: string }[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    arrivals.push({ atMs: performance.now() - t0, text: decoder.decode(value, { stream: true }) });
  }
  return { text: arrivals.map((a) => a.text).join(''), arrivals };
}

async function streamChunks(s: SimServer, payload: ChatRequest & Record<string, unknown>): Promise<{ res: Response; datas: string[] }> {
  const res = await post(s, payload);
  const datas = parseSseEvents(await res.text()).map((e) => e.data);
  return { res, datas };
}

describe('streaming chat completions', () => {
  it('streams chunks that reassemble to exactly the non-streaming answer, usage last, then [DONE]', async () => {
    const s = await start();
    for (const model of ['sim-baseline', 'sim-candidate']) {
      const plain = (await (await post(s, body(model))).json()) as { id: string; created: number; choices: { message: { content: string }; finish_reason: string }[]; usage: unknown };
      const { res, datas } = await streamChunks(s, { ...body(model), stream: true, stream_options: { include_usage: true } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/event-stream');
      expect(res.headers.get('x-canary-gate-simulated')).toBe('true');
      expect(datas.at(-1)).toBe('[DONE]');
      const chunks = datas.slice(0, -1).map((d) => JSON.parse(d) as Chunk);
      for (const c of chunks) {
        expect(c).toMatchObject({ id: plain.id, object: 'chat.completion.chunk', created: chunks[0]!.created, model, system_fingerprint: 'simulated' });
      }
      expect(chunks[0]!.choices).toEqual([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]);
      const usageChunk = chunks.at(-1)!;
      expect(usageChunk.choices).toEqual([]);
      expect(usageChunk.usage).toEqual(plain.usage);
      const finish = chunks.at(-2)!;
      expect(finish.choices).toEqual([{ index: 0, delta: {}, finish_reason: plain.choices[0]!.finish_reason }]);
      const contentChunks = chunks.slice(1, -2);
      expect(contentChunks.length).toBeGreaterThanOrEqual(3);
      expect(contentChunks.length).toBeLessThanOrEqual(8);
      for (const c of contentChunks) {
        expect(c.choices[0]!.finish_reason).toBeNull();
        expect(c.usage).toBeNull();
      }
      expect(contentChunks.map((c) => c.choices[0]!.delta.content).join('')).toBe(plain.choices[0]!.message.content);
    }
  });

  it('sends no usage chunk unless include_usage is asked for', async () => {
    const s = await start();
    const { datas } = await streamChunks(s, { ...body('sim-baseline'), stream: true });
    const chunks = datas.slice(0, -1).map((d) => JSON.parse(d) as Chunk);
    expect(chunks.every((c) => !('usage' in c))).toBe(true);
    expect(chunks.at(-1)!.choices[0]!.finish_reason).toBe('stop');
    expect(datas.at(-1)).toBe('[DONE]');
  });

  it('streams the length-limited answer with finish_reason length', async () => {
    const s = await start();
    const plain = (await (await post(s, { ...body('sim-baseline'), max_tokens: 3 })).json()) as { choices: { message: { content: string }; finish_reason: string }[] };
    expect(plain.choices[0]!.finish_reason).toBe('length');
    const { datas } = await streamChunks(s, { ...body('sim-baseline'), max_tokens: 3, stream: true });
    const chunks = datas.slice(0, -1).map((d) => JSON.parse(d) as Chunk);
    expect(chunks.map((c) => c.choices[0]!.delta.content ?? '').join('')).toBe(plain.choices[0]!.message.content);
    expect(chunks.at(-1)!.choices[0]!.finish_reason).toBe('length');
  });

  it('is deterministic across servers and logs the request as sent', async () => {
    const a = await start();
    const b = await start();
    const payload = { ...body('sim-candidate'), stream: true, stream_options: { include_usage: true } };
    const strip = (datas: string[]) => datas.map((d) => d.replace(/"created":\d+/, ''));
    expect(strip((await streamChunks(a, payload)).datas)).toEqual(strip((await streamChunks(b, payload)).datas));
    expect(a.requestLog).toEqual([{ model: 'sim-candidate', requestHash: requestHash('sim-candidate', payload), status: 200, at: expect.any(String) }]);
  });

  it('waits a seeded time to first token, then spreads the deltas over the rest of the scaled latency', async () => {
    const scale = 0.2;
    const s = await start({ timeScale: scale });
    const expected = simulateCompletion(loadBehaviours(), 'sim-baseline', body('sim-baseline'));
    const plan = planStream(expected);
    const t0 = performance.now();
    const res = await post(s, { ...body('sim-baseline'), stream: true });
    expect(Number(res.headers.get('openai-processing-ms'))).toBe(expected.latencyMs);
    const { arrivals } = await readTimed(res, t0);
    const firstContent = arrivals.find((a) => /"delta":\{"content":"[^"]/.test(a.text));
    const done = arrivals.find((a) => a.text.includes('[DONE]'));
    expect(firstContent).toBeDefined();
    expect(done).toBeDefined();
    // Timers may fire late but never early (2 ms slack for clock granularity).
    expect(firstContent!.atMs).toBeGreaterThanOrEqual(plan.ttftMs * scale - 2);
    expect(done!.atMs).toBeGreaterThanOrEqual(expected.latencyMs * scale - 2);
    expect(firstContent!.atMs).toBeLessThan(done!.atMs);
    expect(done!.atMs - firstContent!.atMs).toBeGreaterThanOrEqual((expected.latencyMs - plan.ttftMs) * scale * 0.5);
  });

  it('rejects a malformed stream_options with 400', async () => {
    const s = await start();
    const res = await post(s, { ...body('sim-baseline'), stream: true, stream_options: 'usage' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { param: string } }).error.param).toBe('stream_options');
  });
});
