import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MappingError } from './format.js';
import { openAiChatMapper } from './openai-chat.js';

const FIXTURES = new URL('../../../fixtures/capture-formats/', import.meta.url);
const records = readFileSync(new URL('openai-chat.jsonl', FIXTURES), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as Record<string, unknown>);
const [golden, toolCallTurn, streamText, streamTools, contentParts] = records as [
  Record<string, unknown>,
  Record<string, unknown>,
  Record<string, unknown>,
  Record<string, unknown>,
  Record<string, unknown>,
];
const origin = { file: 'openai-chat.jsonl', line: 1 };
const mapOne = (record: unknown) => {
  const { samples, skipped } = openAiChatMapper.map(record, origin);
  expect(skipped).toBe(0);
  expect(samples).toHaveLength(1);
  return samples[0]!;
};

function mappingError(record: unknown): MappingError {
  try {
    openAiChatMapper.map(record, origin);
  } catch (err) {
    if (err instanceof MappingError) return err;
    throw err;
  }
  throw new Error('expected a MappingError');
}

describe('openai-chat mapper', () => {
  it('maps a tool-call turn: id from the response, timestamp from created, duration_ms as latency', () => {
    const sample = mapOne(toolCallTurn);
    expect(sample.id).toBe('chatcmpl-Bg0aXw3N1tQe8YpL2mKd5sVc');
    expect(sample.timestamp).toBe('2026-10-02T10:15:00.000Z');
    expect(sample.latency_ms).toBe(1290.4);
    expect(sample.request.messages[0]).toEqual({ role: 'developer', content: "You are Acme Cloud's billing assistant. Use the tools to read invoices." });
    expect(sample.request.parallel_tool_calls).toBe(true);
    expect(sample.request.max_tokens).toBe(300);
    const choice = sample.response!.choices[0]!;
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message.content).toBeNull();
    expect(choice.message.tool_calls).toEqual([
      { id: 'call_inv9364', type: 'function', function: { name: 'get_invoice', arguments: '{"invoice_id":"INV-9364"}' } },
      { id: 'call_inv4193', type: 'function', function: { name: 'get_invoice', arguments: '{"invoice_id":"INV-4193"}' } },
    ]);
    expect(sample.metadata).toEqual({ session_id: 's-77', user_id: 'u-3301', tier: 'pro' });
    expect(sample.metadata.slice).toBeUndefined();
  });

  it('assembles a streamed text answer and takes usage from the last chunk', () => {
    const sample = mapOne(streamText);
    expect(sample.response).toMatchObject({
      id: 'chatcmpl-Bg1sTrEaM9kQ2wE4rT6yU8iO',
      object: 'chat.completion',
      model: 'gpt-4o-mini-2024-07-18',
      created: 1790937000,
      choices: [{ index: 0, message: { role: 'assistant', content: 'Yes: 600 requests per minute per workspace.' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 31, completion_tokens: 11, total_tokens: 42 },
    });
    expect(sample.timestamp).toBe('2026-10-02T10:16:40.250Z');
    expect(sample.metadata.slice).toBe('api_limits');
  });

  it('drops stream and stream_options from the request: the replay chooses the transport', () => {
    const sample = mapOne(streamText);
    expect(sample.request).toEqual({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: "You are Acme Cloud's support assistant." },
        { role: 'user', content: 'Is there a limit on API requests?' },
      ],
      temperature: 0.2,
    });
  });

  it('assembles streamed tool calls by index from argument pieces', () => {
    const sample = mapOne(streamTools);
    expect(sample.timestamp).toBe('2026-10-02T10:35:00.000Z'); // unix seconds in `timestamp`
    const choice = sample.response!.choices[0]!;
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message.content).toBeNull();
    expect(choice.message.tool_calls).toEqual([
      { id: 'call_s1', type: 'function', function: { name: 'lookup_order', arguments: '{"order_id": "A-1042"}' } },
      { id: 'call_s2', type: 'function', function: { name: 'lookup_order', arguments: '{"order_id": "A-1043"}' } },
    ]);
    expect(sample.response!.usage).toEqual({ prompt_tokens: 88, completion_tokens: 40, total_tokens: 128 });
  });

  it('keeps content part lists, reads an offset-less timestamp as UTC and coerces odd metadata', () => {
    const sample = mapOne(contentParts);
    expect(sample.timestamp).toBe('2026-10-02T10:25:03.000Z');
    expect(sample.request.messages[0]!.content).toEqual([
      { type: 'text', text: 'Translate to German: ' },
      { type: 'text', text: 'Your invoice is ready.' },
    ]);
    expect(sample.metadata.session_id).toBe('9001');
    expect(sample.metadata.signals).toEqual({});
  });

  it('assembles several streamed choices, refusals and calls without ids', () => {
    const chunk = (choices: unknown[]) => ({ object: 'chat.completion.chunk', id: 'c1', created: 1790935200, model: 'gpt-4o-mini', choices });
    const sample = mapOne({
      request: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], n: 2 },
      response: [
        chunk([{ index: 1, delta: { role: 'assistant', refusal: 'I can' } }, { index: 0, delta: { role: 'assistant', content: 'Hel' } }]),
        chunk([{ index: 1, delta: { refusal: "'t help." }, finish_reason: 'stop' }]),
        chunk([{ index: 0, delta: { content: 'lo', tool_calls: [{ function: { name: 'greet', arguments: '{}' } }] }, finish_reason: 'tool_calls' }]),
      ],
    });
    expect(sample.response!.choices).toEqual([
      { index: 0, message: { role: 'assistant', content: 'Hello', tool_calls: [{ id: 'call_0_0', type: 'function', function: { name: 'greet', arguments: '{}' } }] }, finish_reason: 'tool_calls' },
      { index: 1, message: { role: 'assistant', content: null, refusal: "I can't help." }, finish_reason: 'stop' },
    ]);
    expect(sample.response!.usage).toBeUndefined();
  });

  it('stringifies tool-call arguments a logger stored as objects', () => {
    const sample = mapOne({
      ...golden,
      request: {
        model: 'gpt-4o-mini',
        messages: [{ role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: { a: [1, 2] } } }] }],
      },
    });
    expect(sample.request.messages[0]!.tool_calls![0]!.function.arguments).toBe('{"a":[1,2]}');
  });

  it('keeps the canonical extras of a capture logged next to a raw provider response', () => {
    const sample = mapOne({ ...golden, cost_usd: 0.0000264, context: { documents: [{ id: 'doc-1', text: 'Orders ship in 2 days.' }] }, expectations: [{ type: 'no_refusal' }] });
    expect(sample.cost_usd).toBe(0.0000264);
    expect(sample.context).toEqual({ documents: [{ id: 'doc-1', text: 'Orders ship in 2 days.' }] });
    expect(sample.expectations).toEqual([{ type: 'no_refusal' }]);
  });

  it('falls back to the response model when the request names none', () => {
    const sample = mapOne({ ...golden, request: { messages: [{ role: 'user', content: 'hi' }] } });
    expect(sample.request.model).toBe('gpt-4o-mini-2024-07-18');
  });

  it('maps a request without a response to a sample without one', () => {
    expect(mapOne({ ...golden, response: null }).response).toBeNull();
  });

  it.each([
    ['no model anywhere', { ...golden, request: { messages: [{ role: 'user', content: 'x' }] }, response: { ...(golden.response as object), model: undefined } }, 'model'],
    ['a request that is not an object', { ...golden, request: 'hello' }, 'request'],
    ['messages that are not a list', { ...golden, request: { model: 'm', messages: 'hi' } }, 'request.messages'],
    ['an empty message list', { ...golden, request: { model: 'm', messages: [] } }, 'request.messages'],
    ['an unknown role', { ...golden, request: { model: 'm', messages: [{ role: 'robot', content: 'x' }] } }, 'request.messages.0.role'],
    ['an unusable timestamp', { ...golden, timestamp: 'last tuesday' }, 'timestamp'],
    ['no timestamp and no created', { ...toolCallTurn, response: { ...(toolCallTurn.response as object), created: undefined } }, 'timestamp'],
    ['no id anywhere', { ...toolCallTurn, response: { ...(toolCallTurn.response as object), id: undefined } }, 'id'],
    ['choices that are not a list', { ...golden, response: { object: 'chat.completion', choices: {} } }, 'response.choices'],
    ['a chunk that is not an object', { ...streamText, response: [(streamText.response as unknown[])[0], 7] }, 'response.1'],
    ['a stream without choices', { ...streamText, response: [{ object: 'chat.completion.chunk', choices: [] }] }, 'response'],
    ['a negative latency', { ...golden, latency_ms: -5 }, 'latency_ms'],
  ])('rejects %s', (_label, record, field) => {
    expect(mappingError(record).field).toBe(field);
  });

  it('detects completions and chunk streams, not other providers', () => {
    for (const record of records) expect(openAiChatMapper.detect(record)).toBe(true);
    expect(openAiChatMapper.detect({ request: {}, response: { object: 'response', output: [] } })).toBe(false);
    expect(openAiChatMapper.detect({ request: {}, response: { type: 'message', content: [] } })).toBe(false);
    expect(openAiChatMapper.detect({ request: {}, response: [] })).toBe(false);
  });
});
