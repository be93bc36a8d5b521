import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MappingError } from './format.js';
import { otelMapper } from './otel.js';

const FIXTURES = new URL('../../../fixtures/capture-formats/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, FIXTURES), 'utf8');
const jsonl = (name: string) => read(name).split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as unknown);
const origin = { file: 'otel.jsonl', line: 1 };
const [newGolden, newStructured, newEmbeddings] = jsonl('otel-genai-new.jsonl');
const [oldEvents, oldIndexed, oldBodies] = jsonl('otel-genai-old.jsonl');

type Attribute = { key: string; value: Record<string, unknown> };
const str = (key: string, value: string): Attribute => ({ key, value: { stringValue: value } });
const int = (key: string, value: number | string): Attribute => ({ key, value: { intValue: value } });
function record(spans: Record<string, unknown>[], resource: Attribute[] = [str('service.name', 'svc')]) {
  return { resourceSpans: [{ resource: { attributes: resource }, scopeSpans: [{ scope: { name: 'test' }, spans }] }] };
}
let spanNo = 0;
function chatSpan(attributes: Attribute[], extra: Record<string, unknown> = {}) {
  spanNo++;
  return {
    traceId: '0123456789abcdef0123456789abcdef',
    spanId: `00000000000000${String(spanNo).padStart(2, '0')}`,
    name: 'chat m',
    startTimeUnixNano: '1790935200000000000',
    endTimeUnixNano: '1790935200250000000',
    attributes: [str('gen_ai.operation.name', 'chat'), str('gen_ai.request.model', 'gpt-4o-mini'), ...attributes],
    ...extra,
  };
}
const userInput = str('gen_ai.input.messages', JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'hi' }] }]));

function mappingError(value: unknown): MappingError {
  try {
    otelMapper.map(value, origin);
  } catch (err) {
    if (err instanceof MappingError) return err;
    throw err;
  }
  throw new Error('expected a MappingError');
}

describe('otel mapper: current GenAI conventions', () => {
  it('maps the chat span and skips the tool-execution and HTTP spans of the same batch', () => {
    const { samples, skipped, errors } = otelMapper.map(newGolden, origin);
    expect(samples).toHaveLength(1);
    expect(skipped).toBe(2);
    expect(errors).toBeUndefined();
    const sample = samples[0]!;
    expect(sample.id).toBe('4bf92f3577b34da6a3ce929d0e0e4736:b7ad6b7169203331');
    expect(sample.request.temperature).toBe(0.2);
    expect(sample.response!.id).toBe('chatcmpl-BfK2x9ZqL0pW3eRtY7uI1oPa');
    expect(sample.response!.model).toBe('gpt-4o-mini-2024-07-18');
  });

  it('keeps non-gen_ai span and resource attributes as plain values under metadata.attributes', () => {
    const { metadata } = otelMapper.map(newGolden, origin).samples[0]!;
    expect(metadata.attributes).toEqual({
      'service.name': 'support-bot',
      'service.version': '3.14.0',
      'deployment.environment.name': 'prod',
      'telemetry.sdk.language': 'python',
      'telemetry.sdk.name': 'opentelemetry',
      'telemetry.sdk.version': '1.37.0',
      'server.address': 'api.openai.com',
      'server.port': 443,
      'canary_gate.slice': 'order_status',
      'user.id': 'u-1007',
    });
    expect(metadata.provider).toBe('openai');
    expect(metadata.span_name).toBe('chat gpt-4o-mini');
  });

  it('reads structured (kvlist/array) messages, numeric intValues and the app.slice / session.id / enduser.id attributes', () => {
    const sample = otelMapper.map(newStructured, origin).samples[0]!;
    expect(sample.request).toEqual({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: "You are Acme Cloud's billing assistant." },
        { role: 'user', content: 'What do I owe on INV-4802?' },
      ],
      max_tokens: 256,
    });
    expect(sample.response!.choices).toEqual([
      {
        index: 0,
        message: { role: 'assistant', content: null, tool_calls: [{ id: 'call_inv4802', type: 'function', function: { name: 'get_invoice', arguments: '{"invoice_id":"INV-4802"}' } }] },
        finish_reason: 'tool_calls',
      },
    ]);
    expect(sample.response!.usage).toEqual({ prompt_tokens: 77, completion_tokens: 23, total_tokens: 100 });
    expect(sample.latency_ms).toBe(1433);
    expect(sample.timestamp).toBe('2026-10-02T10:45:00.000Z');
    expect(sample.metadata).toMatchObject({ slice: 'billing', session_id: 's-95', user_id: 'u-6120' });
  });

  it('counts an embeddings span as skipped', () => {
    expect(otelMapper.map(newEmbeddings, origin)).toEqual({ samples: [], skipped: 1, skippedBy: { 'GenAI operation "embeddings" (not a model call)': 1 } });
  });

  it('takes plain-text system instructions, the singular tool_call finish reason and finish_reasons fallback', () => {
    const sample = otelMapper.map(
      record([
        chatSpan([
          str('gen_ai.system_instructions', 'Be brief. [v2]'),
          userInput,
          str('gen_ai.output.messages', JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: 'a' }], finish_reason: 'tool_call' }, { role: 'assistant', parts: [{ type: 'text', content: 'b' }] }])),
          { key: 'gen_ai.response.finish_reasons', value: { arrayValue: { values: [{ stringValue: 'stop' }, { stringValue: 'length' }] } } },
        ]),
      ]),
      origin,
    ).samples[0]!;
    expect(sample.request.messages).toEqual([
      { role: 'system', content: 'Be brief. [v2]' },
      { role: 'user', content: 'hi' },
    ]);
    expect(sample.response!.choices.map((c) => [c.message.content, c.finish_reason])).toEqual([
      ['a', 'tool_calls'],
      ['b', 'length'],
    ]);
    expect(sample.latency_ms).toBe(250);
  });

  it('maps a span without output content to a sample without response', () => {
    const sample = otelMapper.map(record([chatSpan([userInput, int('gen_ai.usage.input_tokens', '3')])]), origin).samples[0]!;
    expect(sample.response).toBeNull();
  });

  it('marks a span with error status like a Langfuse ERROR generation', () => {
    const span = chatSpan([userInput], { status: { code: 2, message: 'rate limited' } });
    expect(otelMapper.map(record([span]), origin).samples[0]!.metadata).toMatchObject({ level: 'ERROR', status_message: 'rate limited' });
  });

  it('keeps int64 attribute values beyond 2^53 as text', () => {
    const sample = otelMapper.map(record([chatSpan([userInput, int('app.request_id', '18446744073709551615')])]), origin).samples[0]!;
    expect((sample.metadata.attributes as Record<string, unknown>)['app.request_id']).toBe('18446744073709551615');
  });
});

describe('otel mapper: old GenAI conventions', () => {
  it('reads per-message events with gen_ai.event.content and session.id', () => {
    const sample = otelMapper.map(oldEvents, origin).samples[0]!;
    expect(sample.metadata).toMatchObject({ provider: 'openai', session_id: 's-42', slice: 'order_status' });
    expect(sample.request.messages).toHaveLength(6);
  });

  it('reads indexed gen_ai.prompt.N / gen_ai.completion.N keys and skips the workflow span', () => {
    const { samples, skipped } = otelMapper.map(oldIndexed, origin);
    expect(skipped).toBe(1);
    expect(samples).toHaveLength(2);
    const [decide, answer] = samples as [(typeof samples)[number], (typeof samples)[number]];
    expect(decide.response!.choices[0]).toEqual({
      index: 0,
      message: { role: 'assistant', content: null, tool_calls: [{ id: 'call_cancel3001', type: 'function', function: { name: 'cancel_order', arguments: '{"order_id": "A-3001"}' } }] },
      finish_reason: 'tool_calls',
    });
    expect(decide.request.temperature).toBe(0);
    expect(decide.latency_ms).toBe(975.5);
    expect(decide.metadata.slice).toBe('cancellations'); // a resource attribute literally named "slice"
    expect(answer.request.messages.slice(2)).toEqual([
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_cancel3001', type: 'function', function: { name: 'cancel_order', arguments: '{"order_id": "A-3001"}' } }] },
      { role: 'tool', content: '{"cancelled": true}', tool_call_id: 'call_cancel3001' },
    ]);
    expect(answer.response!.choices[0]!.message.content).toBe('Order A-3001 is cancelled; the refund takes 3–5 business days.');
    expect(answer.response!.usage).toEqual({ prompt_tokens: 81, completion_tokens: 19, total_tokens: 100 });
  });

  it('reads log-style event bodies', () => {
    const sample = otelMapper.map(oldBodies, origin).samples[0]!;
    expect(sample.request.messages).toEqual([{ role: 'user', content: "What's the Free plan storage limit?" }]);
    expect(sample.response!.choices[0]).toEqual({ index: 0, message: { role: 'assistant', content: 'The Free plan includes 2 GB of storage.' }, finish_reason: 'stop' });
    expect(sample.metadata.slice).toBeUndefined();
  });

  it('reads 1.26 gen_ai.content.prompt / gen_ai.content.completion events', () => {
    const event = (name: string, key: string, value: unknown) => ({ name, attributes: [str(key, JSON.stringify(value))] });
    const span = chatSpan([], {
      events: [
        event('gen_ai.content.prompt', 'gen_ai.prompt', [{ role: 'user', content: 'hello' }]),
        event('gen_ai.content.completion', 'gen_ai.completion', [{ role: 'assistant', content: 'hi there', finish_reason: 'stop' }]),
      ],
    });
    const sample = otelMapper.map(record([span]), origin).samples[0]!;
    expect(sample.request.messages).toEqual([{ role: 'user', content: 'hello' }]);
    expect(sample.response!.choices[0]).toEqual({ index: 0, message: { role: 'assistant', content: 'hi there' }, finish_reason: 'stop' });
  });

  it('skips OpenLLMetry embedding spans', () => {
    const span = { ...chatSpan([str('gen_ai.prompt.0.content', 'x'), str('llm.request.type', 'embedding')]) };
    span.attributes = span.attributes.filter((a) => a.key !== 'gen_ai.operation.name');
    expect(otelMapper.map(record([span]), origin)).toEqual({ samples: [], skipped: 1, skippedBy: { 'GenAI operation "embedding" (not a model call)': 1 } });
  });
});

describe('otel mapper: the whole-file document', () => {
  it('maps each resourceSpans element wrapped as a record: two GenAI spans, the database span skipped', () => {
    const document = JSON.parse(read('otel-whole-file.json')) as { resourceSpans: unknown[] };
    const results = document.resourceSpans.map((rs) => otelMapper.map({ resourceSpans: [rs] }, origin));
    expect(results.map((r) => [r.samples.length, r.skipped])).toEqual([
      [1, 1],
      [1, 0],
    ]);
    expect(results[1]!.samples[0]!.metadata).toMatchObject({ session_id: 's-98', attributes: { 'service.name': 'billing-bot', 'deployment.environment.name': 'staging' } });
  });
});

describe('otel mapper: errors', () => {
  it('reports a bad span without losing its good siblings', () => {
    const good = chatSpan([userInput]);
    const bad = chatSpan([userInput]);
    bad.attributes = bad.attributes.filter((a) => a.key !== 'gen_ai.request.model');
    const result = otelMapper.map(record([good, bad]), origin);
    expect(result.samples.map((s) => s.id)).toEqual([`${good.traceId}:${good.spanId}`]);
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]).toBeInstanceOf(MappingError);
    expect(result.errors![0]!.field).toBe('model');
    expect(result.errors![0]!.message).toContain('resourceSpans.0.scopeSpans.0.spans.1');
  });

  it('throws when every GenAI span fails', () => {
    const bad = chatSpan([userInput]);
    bad.attributes = bad.attributes.filter((a) => a.key !== 'gen_ai.request.model');
    expect(mappingError(record([bad, { ...bad, spanId: 'ff' }]))).toMatchObject({ field: 'model', message: expect.stringContaining('and 1 more failing part') });
  });

  it.each([
    ['a span without input content (content capture off)', record([chatSpan([])]), 'gen_ai.input.messages'],
    ['input messages cut by an attribute length limit', record([chatSpan([str('gen_ai.input.messages', '[{"role":"user","parts":[{"type":"te')])]), 'gen_ai.input.messages'],
    ['input messages that are not a list', record([chatSpan([str('gen_ai.input.messages', '{"role":"user"}')])]), 'gen_ai.input.messages'],
    ['a message with an unknown role', record([chatSpan([str('gen_ai.input.messages', '[{"role":"narrator","parts":[]}]')])]), 'gen_ai.input.messages.0.role'],
    ['a tool_call part without name', record([chatSpan([str('gen_ai.input.messages', '[{"role":"assistant","parts":[{"type":"tool_call","id":"c"}]}]')])]), 'gen_ai.input.messages.0.parts.0.name'],
    ['an indexed prompt with an unknown role', record([chatSpan([str('gen_ai.prompt.0.role', 'user'), str('gen_ai.prompt.0.content', 'x'), str('gen_ai.prompt.3.role', 'narrator')])]), 'gen_ai.prompt.3.role'],
    ['no start time', record([chatSpan([userInput], { startTimeUnixNano: undefined })]), 'timestamp'],
    ['a start time that is not a number', record([chatSpan([userInput], { startTimeUnixNano: 'soon' })]), 'timestamp'],
    ['no traceId', record([chatSpan([userInput], { traceId: '' })]), 'traceId'],
    ['attributes that are not a list', record([chatSpan([], { attributes: 'gen_ai' })]), 'attributes'],
    ['resourceSpans that is not a list', { resourceSpans: {} }, 'resourceSpans'],
    ['scopeSpans that is not a list', { resourceSpans: [{ scopeSpans: 1 }] }, 'resourceSpans.0.scopeSpans'],
  ])('rejects %s', (_label, value, field) => {
    expect(mappingError(value).field).toBe(field);
  });

  it('detects OTLP objects only', () => {
    for (const value of [newGolden, newStructured, newEmbeddings, oldEvents, oldIndexed, oldBodies]) expect(otelMapper.detect(value)).toBe(true);
    expect(otelMapper.detect({ resourceLogs: [] })).toBe(false);
  });
});

describe('otel mapper: JSON-text and plain-text content of the older conventions (issue 14, items 10-11)', () => {
  it('reads a gen_ai.choice whose message attribute is JSON text (Semantic Kernel style)', () => {
    const [text, toolCall] = jsonl('otel-choice-json-text.jsonl');
    const sample = otelMapper.map(text, origin).samples[0]!;
    expect(sample.request.messages).toEqual([
      { role: 'system', content: "You are Acme Cloud's shipping assistant." },
      { role: 'user', content: 'Which carrier ships order A-2001?' },
    ]);
    expect(sample.response!.choices[0]!.message).toEqual({ role: 'assistant', content: 'Order A-2001 ships with Parcelo.' });
    expect(sample.response!.choices[0]!.finish_reason).toBe('stop');
    expect(sample.response!.usage).toEqual({ prompt_tokens: 41, completion_tokens: 9, total_tokens: 50 });
    const call = otelMapper.map(toolCall, origin).samples[0]!.response!.choices[0]!;
    expect(call.message.tool_calls).toEqual([{ id: 'call_sk_track', type: 'function', function: { name: 'track_parcel', arguments: '{"parcel_id":"P-77"}' } }]);
    expect(call.finish_reason).toBe('tool_calls');
  });

  it('takes a gen_ai.choice message that is plain text as the answer', () => {
    const span = chatSpan([str('gen_ai.system', 'openai')], {
      events: [
        { name: 'gen_ai.user.message', attributes: [str('content', 'hi')] },
        { name: 'gen_ai.choice', attributes: [str('message', 'hello there'), str('finish_reason', 'stop')] },
      ],
    });
    expect(otelMapper.map(record([span]), origin).samples[0]!.response!.choices[0]!.message).toEqual({ role: 'assistant', content: 'hello there' });
  });

  it('accepts plain-text gen_ai.prompt / gen_ai.completion as one message of the event role (OpenLit style)', () => {
    const [events, attributes] = jsonl('otel-plain-text-prompt.jsonl');
    const fromEvents = otelMapper.map(events, origin).samples[0]!;
    expect(fromEvents.request.messages).toEqual([{ role: 'user', content: 'user: How long do I have to return a drive?' }]);
    expect(fromEvents.response!.choices[0]!.message).toEqual({ role: 'assistant', content: 'You can return it within 30 days.' });
    expect(fromEvents.response!.usage).toEqual({ prompt_tokens: 22, completion_tokens: 12, total_tokens: 34 });
    // Text that merely starts with "[" is text, and the un-indexed span attributes are read too.
    const fromAttributes = otelMapper.map(attributes, origin).samples[0]!;
    expect(fromAttributes.request.messages).toEqual([{ role: 'user', content: '[draft] Is the 2 TB drive in stock?' }]);
    expect(fromAttributes.response!.choices[0]!.message.content).toBe('Yes, it is.');
  });

  it('still reads JSON message lists in gen_ai.prompt events', () => {
    const span = chatSpan([], {
      events: [
        { name: 'gen_ai.content.prompt', attributes: [str('gen_ai.prompt', JSON.stringify([{ role: 'system', content: 'be brief' }, { role: 'user', content: 'hi' }]))] },
        { name: 'gen_ai.content.completion', attributes: [str('gen_ai.completion', JSON.stringify([{ role: 'assistant', content: 'hello' }]))] },
      ],
    });
    const sample = otelMapper.map(record([span]), origin).samples[0]!;
    expect(sample.request.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(sample.response!.choices[0]!.message.content).toBe('hello');
  });
});
