import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../shared/domain/capture.js';
import { useSimServers } from '../../test-support/sim-servers.js';
import type { SimServer } from './http-server.js';

const start = useSimServers();

const chat = (i: number, model = 'sim-baseline'): ChatRequest => ({
  model,
  messages: [
    { role: 'system', content: `Account facts:\ninvoice INV-${1000 + i} amount: $${(10 + i).toFixed(2)}` },
    { role: 'user', content: `How much was invoice INV-${1000 + i}?` },
  ],
});
const messages = (i: number, model = 'sim-candidate') => ({
  model,
  max_tokens: 256,
  system: `Account facts:\ninvoice INV-${1000 + i} amount: $${(10 + i).toFixed(2)}`,
  messages: [{ role: 'user', content: `How much was invoice INV-${1000 + i}?` }],
});

const jsonl = (rows: unknown[]) => rows.map((r) => `${JSON.stringify(r)}\n`).join('');
const lines = (text: string) => text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, any>); // eslint-disable-line @typescript-eslint/no-explicit-any

async function upload(s: SimServer, content: string, purpose = 'batch'): Promise<Response> {
  const form = new FormData();
  form.append('purpose', purpose);
  form.append('file', new Blob([content], { type: 'application/jsonl' }), 'requests.jsonl');
  return fetch(`${s.url}/files`, { method: 'POST', body: form });
}

const postJson = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function createOpenAiBatch(s: SimServer, requests: unknown[]): Promise<Record<string, any>> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const file = (await (await upload(s, jsonl(requests))).json()) as { id: string };
  const res = await postJson(`${s.url}/batches`, { input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h' });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Polls a batch until `done` says so; returns every status seen on the way and the last body. */
async function pollUntil(url: string, done: (b: Record<string, any>) => boolean) { // eslint-disable-line @typescript-eslint/no-explicit-any
  const seen: string[] = [];
  for (let i = 0; i < 400; i++) {
    const b = (await (await fetch(url)).json()) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    seen.push(b.status ?? b.processing_status);
    if (done(b)) return { seen, batch: b };
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`batch at ${url} never finished`);
}

const interactiveChat = async (s: SimServer, body: unknown) => ((await (await postJson(`${s.url}/chat/completions`, body)).json()) as { choices: { message: { content: string } }[] }).choices[0]!.message.content;

describe('sim OpenAI Batch API', () => {
  it('uploads a JSONL file, validates, processes over time and serves output lines with the interactive answers', async () => {
    const s = await start({ batchProcessingMs: 200 });
    const requests = Array.from({ length: 5 }, (_, i) => ({ custom_id: `req-${i}`, method: 'POST', url: '/v1/chat/completions', body: chat(i) }));
    const fileRes = await upload(s, jsonl(requests));
    expect(fileRes.status).toBe(200);
    expect(fileRes.headers.get('x-canary-gate-simulated')).toBe('true');
    const file = (await fileRes.json()) as Record<string, unknown>;
    expect(file).toMatchObject({ object: 'file', purpose: 'batch', filename: 'requests.jsonl', bytes: Buffer.byteLength(jsonl(requests)) });
    const created = await createOpenAiBatch(s, requests);
    expect(created).toMatchObject({ object: 'batch', status: 'validating', endpoint: '/v1/chat/completions', completion_window: '24h', output_file_id: null, request_counts: { total: 5, completed: 0, failed: 0 } });
    expect(created.id).toMatch(/^batch_sim_[0-9a-f]{24}$/);
    // Nothing is answered before the batch is processed.
    expect(s.requestLog).toHaveLength(0);

    const { seen, batch } = await pollUntil(`${s.url}/batches/${created.id}`, (b) => b.status === 'completed');
    expect(seen).toContain('in_progress');
    expect(batch).toMatchObject({ error_file_id: null, request_counts: { total: 5, completed: 5, failed: 0 }, errors: null });
    expect(batch.completed_at).toBeGreaterThanOrEqual(batch.created_at);
    const out = await fetch(`${s.url}/files/${batch.output_file_id}/content`);
    expect(out.status).toBe(200);
    const rows = lines(await out.text());
    expect(rows.map((r) => r.custom_id).sort()).toEqual(requests.map((r) => r.custom_id).sort());
    for (const row of rows) {
      expect(row).toMatchObject({ response: { status_code: 200, body: { object: 'chat.completion' } }, error: null });
      expect(row.id).toMatch(/^batch_req_sim_/);
    }
    expect(s.requestLog.map((e) => [e.status, e.batchId])).toEqual(requests.map(() => [200, created.id]));
    // The same seeded answer as the interactive endpoint gives for the same body.
    const i = 3;
    expect(rows.find((r) => r.custom_id === `req-${i}`)!.response.body.choices[0].message.content).toBe(await interactiveChat(s, chat(i)));
    // Its input file is still there to read back.
    expect(await (await fetch(`${s.url}/files/${file.id as string}/content`)).text()).toBe(jsonl(requests));
  });

  it('puts lines the fault injection fails, and invalid request bodies, in the error file', async () => {
    const s = await start({ batchProcessingMs: 0, faults: { rate500: 0.5 } });
    const requests = Array.from({ length: 40 }, (_, i) => ({ custom_id: `r${i}`, method: 'POST', url: '/v1/chat/completions', body: chat(i) }));
    requests.push({ custom_id: 'unknown-model', method: 'POST', url: '/v1/chat/completions', body: chat(99, 'gpt-4o') });
    const created = await createOpenAiBatch(s, requests);
    const { batch } = await pollUntil(`${s.url}/batches/${created.id}`, (b) => b.status === 'completed');
    const ok = lines(await (await fetch(`${s.url}/files/${batch.output_file_id}/content`)).text());
    const failed = lines(await (await fetch(`${s.url}/files/${batch.error_file_id}/content`)).text());
    expect(batch.request_counts).toEqual({ total: 41, completed: ok.length, failed: failed.length });
    expect(ok.length + failed.length).toBe(41);
    expect(failed.length).toBeGreaterThan(8);
    const faulted = failed.filter((r) => r.response.status_code === 500);
    expect(faulted.length).toBe(s.requestLog.filter((e) => e.fault === 'server_error').length);
    expect(faulted[0]!.response.body.error.type).toBe('server_error');
    expect(failed.find((r) => r.custom_id === 'unknown-model')!.response).toMatchObject({ status_code: 404, body: { error: { code: 'model_not_found' } } });
  });

  it('answers bad uploads and batch requests with 400s that say what is wrong, and fails a batch whose lines are invalid', async () => {
    const s = await start({ batchProcessingMs: 0 });
    const notMultipart = await postJson(`${s.url}/files`, { purpose: 'batch' });
    expect(notMultipart.status).toBe(400);
    expect(((await notMultipart.json()) as { error: { message: string } }).error.message).toMatch(/multipart\/form-data/);
    const wrongPurpose = await upload(s, jsonl([{ a: 1 }]), 'fine-tune');
    expect(wrongPurpose.status).toBe(400);
    expect(((await wrongPurpose.json()) as { error: { param: string } }).error.param).toBe('purpose');
    const empty = await upload(s, '\n');
    expect(((await empty.json()) as { error: { param: string } }).error.param).toBe('file');

    const missing = await postJson(`${s.url}/batches`, { endpoint: '/v1/chat/completions', completion_window: '24h' });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: { param: string } }).error.param).toBe('input_file_id');
    const file = (await (await upload(s, jsonl([{ custom_id: 'a', method: 'POST', url: '/v1/chat/completions', body: chat(1) }]))).json()) as { id: string };
    const endpoint = await postJson(`${s.url}/batches`, { input_file_id: file.id, endpoint: '/v1/embeddings', completion_window: '24h' });
    expect(endpoint.status).toBe(400);
    expect(((await endpoint.json()) as { error: { message: string } }).error.message).toMatch(/endpoint: the sim batches "\/v1\/chat\/completions" only/);
    const window = await postJson(`${s.url}/batches`, { input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '1h' });
    expect(((await window.json()) as { error: { param: string } }).error.param).toBe('completion_window');
    const unknown = await postJson(`${s.url}/batches`, { input_file_id: 'file-nope', endpoint: '/v1/chat/completions', completion_window: '24h' });
    expect(unknown.status).toBe(404);
    expect((await fetch(`${s.url}/batches/batch_nope`)).status).toBe(404);
    expect((await fetch(`${s.url}/batches/batch_nope/cancel`)).status).toBe(405);

    const bad = await createOpenAiBatch(s, [
      { custom_id: 'ok', method: 'POST', url: '/v1/chat/completions', body: chat(1) },
      { custom_id: 'ok', method: 'POST', url: '/v1/chat/completions', body: chat(2) },
      { custom_id: 'get', method: 'GET', url: '/v1/chat/completions', body: chat(3) },
      { custom_id: 'url', method: 'POST', url: '/v1/responses', body: chat(4) },
    ]);
    const { batch } = await pollUntil(`${s.url}/batches/${bad.id}`, (b) => b.status !== 'validating');
    expect(batch.status).toBe('failed');
    expect(batch.errors.data.map((e: { line: number; param: string }) => [e.line, e.param])).toEqual([[2, 'custom_id'], [3, 'method'], [4, 'url']]);
    expect(batch.errors.data[0].message).toMatch(/^line 2: custom_id 'ok' is used by an earlier line/);
    expect(s.requestLog).toHaveLength(0);
  });

  it('cancels a running batch: reached lines are answered, the rest are in the error file as cancelled', async () => {
    const s = await start({ batchProcessingMs: 60_000 });
    const requests = Array.from({ length: 4 }, (_, i) => ({ custom_id: `r${i}`, method: 'POST', url: '/v1/chat/completions', body: chat(i) }));
    const created = await createOpenAiBatch(s, requests);
    const cancel = await fetch(`${s.url}/batches/${created.id}/cancel`, { method: 'POST' });
    expect(((await cancel.json()) as { status: string }).status).toBe('cancelling');
    const { batch } = await pollUntil(`${s.url}/batches/${created.id}`, (b) => b.status === 'cancelled');
    expect(batch.output_file_id).toBeNull();
    const failed = lines(await (await fetch(`${s.url}/files/${batch.error_file_id}/content`)).text());
    expect(failed.map((r) => [r.custom_id, r.error.code, r.response])).toEqual(requests.map((r) => [r.custom_id, 'batch_cancelled', null]));
    expect((await fetch(`${s.url}/batches/${created.id}/cancel`, { method: 'POST' })).status).toBe(400);
  });

  it('keeps its batch storage bounded: finished batches are evicted, a store full of running ones refuses', async () => {
    const s = await start({ batchProcessingMs: 0, batchLimits: { maxEntries: 4, maxBytes: 1024 * 1024 } });
    const one = [{ custom_id: 'a', method: 'POST', url: '/v1/chat/completions', body: chat(1) }];
    const first = await createOpenAiBatch(s, one);
    await pollUntil(`${s.url}/batches/${first.id}`, (b) => b.status === 'completed'); // + its output file: 3 entries
    const second = await createOpenAiBatch(s, one);
    expect((await fetch(`${s.url}/batches/${first.id}`)).status).toBe(404);
    expect((await fetch(`${s.url}/batches/${second.id}`)).status).toBe(200);

    const slow = await start({ batchProcessingMs: 60_000, batchLimits: { maxEntries: 4, maxBytes: 1024 * 1024 } });
    await createOpenAiBatch(slow, one);
    await createOpenAiBatch(slow, one);
    const full = await upload(slow, jsonl(one));
    expect(full.status).toBe(429);
    expect(((await full.json()) as { error: { message: string } }).error.message).toMatch(/batch storage is full/);
  });
});

describe('sim Anthropic Message Batches API', () => {
  const base = (s: SimServer) => `${s.anthropicUrl}/v1/messages/batches`;

  it('creates a batch, reports in_progress then ended, and streams results with the interactive answers', async () => {
    const s = await start({ batchProcessingMs: 150 });
    const requests = Array.from({ length: 4 }, (_, i) => ({ custom_id: `case-${i}`, params: messages(i) }));
    const res = await postJson(base(s), { requests });
    expect(res.status).toBe(200);
    const created = (await res.json()) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(created).toMatchObject({ type: 'message_batch', processing_status: 'in_progress', results_url: null, request_counts: { processing: 4, succeeded: 0, errored: 0, canceled: 0, expired: 0 } });
    expect(created.id).toMatch(/^msgbatch_sim_/);
    expect((await fetch(`${base(s)}/${created.id}/results`)).status).toBe(400);
    const { batch } = await pollUntil(`${base(s)}/${created.id}`, (b) => b.processing_status === 'ended');
    expect(batch.request_counts).toEqual({ processing: 0, succeeded: 4, errored: 0, canceled: 0, expired: 0 });
    expect(batch.results_url).toBe(`${base(s)}/${created.id}/results`);
    expect(Date.parse(batch.ended_at)).toBeGreaterThanOrEqual(Date.parse(batch.created_at));
    const results = lines(await (await fetch(batch.results_url)).text());
    expect(results.map((r) => r.custom_id)).toEqual(requests.map((r) => r.custom_id));
    const interactive = (await (await postJson(`${s.anthropicUrl}/v1/messages`, messages(2))).json()) as { content: { text: string }[] };
    expect(results[2]!.result).toMatchObject({ type: 'succeeded', message: { type: 'message', content: [{ type: 'text', text: interactive.content[0]!.text }] } });
    expect(s.requestLog.filter((e) => e.batchId === created.id)).toHaveLength(4);
  });

  it('reports errored requests for injected faults and invalid params, canceled ones after a cancel', async () => {
    const s = await start({ batchProcessingMs: 0, faults: { rate503: 0.5 } });
    const requests: unknown[] = Array.from({ length: 30 }, (_, i) => ({ custom_id: `c-${i}`, params: messages(i) }));
    requests.push({ custom_id: 'no-max-tokens', params: { model: 'sim-candidate', messages: [{ role: 'user', content: 'hi' }] } });
    const created = (await (await postJson(base(s), { requests })).json()) as { id: string };
    const { batch } = await pollUntil(`${base(s)}/${created.id}`, (b) => b.processing_status === 'ended');
    const results = lines(await (await fetch(batch.results_url)).text());
    const errored = results.filter((r) => r.result.type === 'errored');
    expect(batch.request_counts.errored).toBe(errored.length);
    expect(batch.request_counts.succeeded + errored.length).toBe(31);
    expect(errored.filter((r) => r.result.error.error.type === 'overloaded_error').length).toBe(s.requestLog.filter((e) => e.fault === 'unavailable').length);
    expect(errored.find((r) => r.custom_id === 'no-max-tokens')!.result.error).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringMatching(/max_tokens/) } });

    const slow = await start({ batchProcessingMs: 60_000 });
    const running = (await (await postJson(base(slow), { requests: [{ custom_id: 'x', params: messages(1) }] })).json()) as { id: string };
    const cancel = (await (await fetch(`${base(slow)}/${running.id}/cancel`, { method: 'POST' })).json()) as { processing_status: string };
    expect(cancel.processing_status).toBe('canceling');
    const ended = await pollUntil(`${base(slow)}/${running.id}`, (b) => b.processing_status === 'ended');
    expect(ended.batch.request_counts).toMatchObject({ canceled: 1, succeeded: 0 });
    expect(lines(await (await fetch(ended.batch.results_url)).text())).toEqual([{ custom_id: 'x', result: { type: 'canceled' } }]);
  });

  it('answers malformed batch requests with 400s naming the request and field, unknown ids with 404', async () => {
    const s = await start();
    const cases: [unknown, RegExp][] = [
      [{}, /requests: must be a non-empty array/],
      [{ requests: [] }, /requests: must be a non-empty array/],
      [{ requests: [{ custom_id: 'has space', params: messages(1) }] }, /requests\.0\.custom_id: must be 1-64 characters/],
      [{ requests: [{ custom_id: 'a', params: messages(1) }, { custom_id: 'a', params: messages(2) }] }, /requests\.1\.custom_id: 'a' is used by an earlier request/],
      [{ requests: [{ custom_id: 'a', params: 'hello' }] }, /requests\.0\.params: must be a Messages request object/],
    ];
    for (const [body, message] of cases) {
      const res = await postJson(base(s), body);
      expect(res.status).toBe(400);
      const json = (await res.json()) as { type: string; error: { type: string; message: string } };
      expect(json).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
      expect(json.error.message).toMatch(message);
    }
    const broken = await fetch(base(s), { method: 'POST', body: '{"requests": [' });
    expect(broken.status).toBe(400);
    const missing = await fetch(`${base(s)}/msgbatch_nope`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { type: string } }).error.type).toBe('not_found_error');
    expect((await fetch(base(s))).status).toBe(405);
    expect(s.requestLog).toHaveLength(0);
  });
});
