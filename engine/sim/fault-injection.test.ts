import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../shared/domain/capture.js';
import { loadBehaviours } from './behaviours.js';
import { startSimServer, type SimServer } from './http-server.js';
import { useSimServers } from '../../test-support/sim-servers.js';
import { simulateCompletion } from './simulate.js';
import { parseSseEvents } from './sse-events.js';

const start = useSimServers();

const body = (model = 'sim-baseline'): ChatRequest => ({
  model,
  messages: [
    { role: 'system', content: 'Account facts:\ninvoice INV-1042 amount: $42.10\ninvoice INV-1042 due date: March 15, 2025' },
    { role: 'user', content: 'How much was invoice INV-1042 and when is it due?' },
  ],
});
const expected = simulateCompletion(loadBehaviours(), 'sim-baseline', body());

const post = (s: SimServer, payload: unknown, path = '/v1/chat/completions') =>
  fetch(`http://127.0.0.1:${s.port}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });

/** Reads a body to its end or its failure: the text that arrived, and whether the connection broke. */
async function readAll(res: Response): Promise<{ text: string; broken: boolean }> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { text, broken: false };
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    return { text, broken: true };
  }
}

const contentOf = async (res: Response) => ((await res.json()) as { choices: { message: { content: string } }[] }).choices[0]!.message.content;

describe('fault injection', () => {
  it('answers 503 with an OpenAI error body on a first attempt only', async () => {
    const s = await start({ faults: { rate503: 1 } });
    const first = await post(s, body());
    expect(first.status).toBe(503);
    expect(first.headers.get('x-canary-gate-simulated')).toBe('true');
    expect(await first.json()).toEqual({ error: { message: 'The engine is currently overloaded, please try again later (simulated).', type: 'server_error', param: null, code: 'service_unavailable' } });
    expect(await contentOf(await post(s, body()))).toBe(expected.content);
    expect(s.requestLog.map((e) => [e.status, e.fault])).toEqual([
      [503, 'unavailable'],
      [200, undefined],
    ]);
  });

  it('answers correctly but only after slowMs, unscaled by timeScale 0', async () => {
    const s = await start({ faults: { slowRate: 1, slowMs: 300 } });
    const t0 = performance.now();
    const first = await post(s, body());
    expect(await contentOf(first)).toBe(expected.content);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(298);
    const t1 = performance.now();
    expect(await contentOf(await post(s, body()))).toBe(expected.content);
    expect(performance.now() - t1).toBeLessThan(250);
    expect(s.requestLog.map((e) => [e.status, e.fault])).toEqual([
      [200, 'slow'],
      [200, undefined],
    ]);
  });

  it('drops the connection after the headers, before any body', async () => {
    const s = await start({ faults: { dropRate: 1 } });
    const first = await post(s, body());
    expect(first.status).toBe(200);
    expect(first.headers.get('x-canary-gate-simulated')).toBe('true');
    expect(await readAll(first)).toEqual({ text: '', broken: true });
    expect(await contentOf(await post(s, body()))).toBe(expected.content);
    // A streamed request is dropped the same way.
    const streamed = await post(s, { ...body(), stream: true });
    expect(streamed.headers.get('content-type')).toBe('text/event-stream');
    expect(await readAll(streamed)).toEqual({ text: '', broken: true });
    expect(s.requestLog.map((e) => e.fault)).toEqual(['drop', undefined, 'drop']);
  });

  it('sends a JSON body cut in half on a first attempt', async () => {
    const s = await start({ faults: { truncatedRate: 1 } });
    const first = await post(s, body());
    expect(first.status).toBe(200);
    const text = await first.text();
    expect(() => JSON.parse(text) as unknown).toThrow(SyntaxError);
    const retry = await post(s, body());
    const full = JSON.stringify(await retry.json());
    expect(text.length).toBe(Math.floor(full.length / 2));
    expect(full.startsWith(text.slice(0, 60))).toBe(true);
    // Streaming requests cannot be truncated this way; they are answered whole.
    const streamed = await post(s, { ...body(), stream: true });
    expect(parseSseEvents(await streamed.text()).at(-1)?.data).toBe('[DONE]');
    expect(s.requestLog.map((e) => e.fault)).toEqual(['truncated', undefined, undefined]);
  });

  it('breaks a stream midway without [DONE], then streams the retry whole', async () => {
    const s = await start({ faults: { brokenStreamRate: 1 } });
    const payload = { ...body(), stream: true };
    const first = await readAll(await post(s, payload));
    expect(first.broken).toBe(true);
    const sent = parseSseEvents(first.text).map((e) => e.data);
    expect(sent).not.toContain('[DONE]');
    const contents = sent.map((d) => (JSON.parse(d) as { choices: { delta: { content?: string } }[] }).choices[0]!.delta.content ?? '');
    expect(contents.length).toBeGreaterThanOrEqual(2);
    expect(expected.content.startsWith(contents.join(''))).toBe(true);
    expect(contents.join('').length).toBeLessThan(expected.content.length);
    const retry = await readAll(await post(s, payload));
    expect(retry.broken).toBe(false);
    expect(parseSseEvents(retry.text).at(-1)?.data).toBe('[DONE]');
    // A non-streaming request has no stream to break.
    expect(await contentOf(await post(s, body('sim-candidate')))).toBe(simulateCompletion(loadBehaviours(), 'sim-candidate', body('sim-candidate')).content);
    expect(s.requestLog.map((e) => e.fault)).toEqual(['broken_stream', undefined, undefined]);
  });

  it('breaks an Anthropic stream before message_stop and answers errors in its shape', async () => {
    const s = await start({ faults: { brokenStreamRate: 0.5, rate429: 0.5, retryAfterSeconds: 3 } });
    const outcomes = new Set<string>();
    for (let i = 0; i < 12; i++) {
      const payload = { model: 'sim-baseline', max_tokens: 256, stream: true, messages: [{ role: 'user', content: `How much was invoice INV-1042? #${i}` }] };
      const first = await post(s, payload, '/v1/messages');
      if (first.status === 429) {
        expect(first.headers.get('retry-after')).toBe('3');
        expect(await first.json()).toEqual({ type: 'error', error: { type: 'rate_limit_error', message: 'Rate limit reached for sim-baseline (simulated). Please retry after 3s.' } });
        outcomes.add('429');
      } else {
        const { text, broken } = await readAll(first);
        expect(broken).toBe(true);
        const types = parseSseEvents(text).map((e) => e.event);
        expect(types.slice(0, 3)).toEqual(['message_start', 'content_block_start', 'content_block_delta']);
        expect(types).not.toContain('message_stop');
        outcomes.add('broken');
      }
      const retry = await readAll(await post(s, payload, '/v1/messages'));
      expect(retry.broken).toBe(false);
      expect(parseSseEvents(retry.text).at(-1)?.event).toBe('message_stop');
    }
    expect(outcomes).toEqual(new Set(['429', 'broken']));
  });

  it('answers 500 and 503 in the Anthropic shape', async () => {
    const payload = { model: 'sim-baseline', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] };
    const s500 = await start({ faults: { rate500: 1 } });
    const r500 = await post(s500, payload, '/v1/messages');
    expect(r500.status).toBe(500);
    expect(await r500.json()).toEqual({ type: 'error', error: { type: 'api_error', message: 'Internal server error (simulated).' } });
    const s503 = await start({ faults: { rate503: 1 } });
    const r503 = await post(s503, payload, '/v1/messages');
    expect(r503.status).toBe(503);
    expect(await r503.json()).toEqual({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded (simulated).' } });
    expect((await post(s503, payload, '/v1/messages')).status).toBe(200);
  });

  it('rejects invalid new fault options at start', async () => {
    await expect(startSimServer({ faults: { rate429: 0.5, rate503: 0.3, dropRate: 0.3 } })).rejects.toThrow(/must not exceed 1/);
    await expect(startSimServer({ faults: { slowRate: 0.1, slowMs: -1 } })).rejects.toThrow(/slowMs/);
  });
});
