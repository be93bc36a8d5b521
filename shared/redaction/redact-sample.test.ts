import { describe, expect, it } from 'vitest';
import { trafficSampleSchema, type TrafficSample } from '../domain/capture.js';
import { createRedactor } from './create-redactor.js';
import { MAX_NESTING_DEPTH, NestingTooDeepError, nestsDeeperThan } from './nesting.js';

const redactor = createRedactor();

/** A capture touching every field the redactor handles. */
function richSample(): TrafficSample {
  return trafficSampleSchema.parse({
    id: 'cap-1',
    timestamp: '2024-06-01T12:00:00Z',
    request: {
      model: 'gpt-4o-mini',
      user: 'jane@example.com',
      messages: [
        { role: 'system', content: 'You are support. Escalate to ops@example.com.' },
        {
          role: 'user',
          name: 'jane',
          content: [
            { type: 'text', text: 'I am jane@example.com, card 4111 1111 1111 1111.' },
            { type: 'image_url', image_url: { url: 'https://cdn.example.com/jane@example.com.png' } },
          ],
        },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '{"email": "jane@example.com", "order": 12345678901234567890}' } }],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '{"customer":"Jane","phone":"+1 415 555 0134","ip":"203.0.113.7"}' },
      ],
      tools: [{ type: 'function', function: { name: 'lookup', description: 'Find by e-mail like someone@example.com' } }],
      temperature: 0,
    },
    response: {
      id: 'resp-1',
      model: 'gpt-4o-mini',
      choices: [
        {
          index: 0,
          finish_reason: 'stop',
          logprobs: { content: [{ token: 'jane', logprob: -0.1 }] },
          message: {
            role: 'assistant',
            content: 'Thanks Jane, I will call +1 (415) 555-0134 and mail jane@example.com.',
            tool_calls: [{ id: 'call_2', type: 'function', function: { name: 'notify', arguments: '{"to":"bob@example.com"}' } }],
          },
        },
      ],
      usage: { prompt_tokens: 10, completion_tokens: 5 },
    },
    context: { documents: [{ id: 'doc-7', title: 'Ticket from bob@example.com', text: 'Refund to DE89 3704 0044 0532 0130 00 please.' }] },
    metadata: { slice: 'billing', route: '/v1/support', session_id: 'sess-42', user_id: 'jane@example.com', note: 'vip, key sk-abcdefghijklmnopqrstuvwxyz0123', signals: { thumbs_down: true } },
    expectations: [
      { type: 'not_contains', value: '4111 1111 1111 1111', category: 'pii_leak' },
      { type: 'regex', pattern: '\\d{4}' },
    ],
  });
}

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null) {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}

function objectsOf(v: unknown, into = new Set<object>()): Set<object> {
  if (typeof v === 'object' && v !== null) {
    into.add(v);
    for (const x of Object.values(v)) objectsOf(x, into);
  }
  return into;
}

describe('redactSample', () => {
  it('redacts every person- or model-written field with one consistent numbering', () => {
    const { sample: s, counts } = redactor.redactSample(richSample());
    const msgs = s.request.messages;
    expect(msgs[0]!.content).toBe('You are support. Escalate to <EMAIL_1>.');
    expect(msgs[1]!.content).toEqual([
      { type: 'text', text: 'I am <EMAIL_2>, card <CARD_1>.' },
      { type: 'image_url', image_url: { url: 'https://cdn.example.com/jane@example.com.png' } },
    ]);
    expect(msgs[1]!.name).toBe('jane');
    expect(msgs[2]!.tool_calls![0]!.function.arguments).toBe('{"email": "<EMAIL_2>", "order": 12345678901234567890}');
    expect(msgs[3]!.content).toBe('{"customer":"Jane","phone":"<PHONE_1>","ip":"<IP_1>"}');
    expect(msgs[3]!.tool_call_id).toBe('call_1');
    expect(s.request.user).toBe('<EMAIL_2>');
    const message = s.response!.choices[0]!.message;
    expect(message.content).toBe('Thanks Jane, I will call <PHONE_1> and mail <EMAIL_2>.');
    expect(message.tool_calls![0]!.function.arguments).toBe('{"to":"<EMAIL_3>"}');
    expect(s.context!.documents[0]).toEqual({ id: 'doc-7', title: 'Ticket from <EMAIL_3>', text: 'Refund to <IBAN_1> please.' });
    expect(s.metadata).toEqual({ slice: 'billing', route: '/v1/support', session_id: 'sess-42', user_id: '<EMAIL_2>', note: 'vip, key <SECRET_1>', signals: { thumbs_down: true } });
    expect(s.expectations).toEqual([
      { type: 'not_contains', value: '<CARD_1>', category: 'pii_leak' },
      { type: 'regex', pattern: '\\d{4}' },
    ]);
    expect(counts).toEqual({ EMAIL: 8, CARD: 2, PHONE: 2, IP: 1, IBAN: 1, SECRET: 1 });
  });

  it('keeps ids, settings and tool definitions verbatim, and drops the log-probabilities of a redacted answer', () => {
    const input = richSample();
    const { sample: s } = redactor.redactSample(input);
    expect([s.id, s.timestamp, s.request.model, s.request.temperature]).toEqual(['cap-1', '2024-06-01T12:00:00Z', 'gpt-4o-mini', 0]);
    expect(s.request.tools).toEqual(input.request.tools);
    expect(s.response!.id).toBe('resp-1');
    expect(s.response!.usage).toEqual({ prompt_tokens: 10, completion_tokens: 5 });
    expect(s.response!.choices[0]!.logprobs).toBeNull();
    expect(JSON.stringify(s)).not.toMatch(/jane@example\.com(?!\.png)|4111 1111|415\) 555|0532 0130|203\.0\.113|sk-abc|bob@/);
  });

  it('still validates against the capture schema, and tool arguments still parse', () => {
    const { sample: s } = redactor.redactSample(richSample());
    expect(trafficSampleSchema.safeParse(s).success).toBe(true);
    for (const call of [...s.request.messages[2]!.tool_calls!, ...s.response!.choices[0]!.message.tool_calls!]) {
      expect(() => JSON.parse(call.function.arguments)).not.toThrow();
    }
  });

  it('keeps an opaque user_id and redacts one that is a phone number', () => {
    const base = richSample();
    const opaque = redactor.redactSample({ ...base, metadata: { user_id: 'u_4111111111111111' } }).sample;
    expect(opaque.metadata.user_id).toBe('u_4111111111111111');
    const phone = redactor.redactSample({ ...base, metadata: { user_id: '+14155550134' } }).sample;
    expect(phone.metadata.user_id).toBe('<PHONE_1>');
  });

  it('is deterministic and does not depend on key order', () => {
    const a = redactor.redactSample(richSample());
    const b = redactor.redactSample(richSample());
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const x = trafficSampleSchema.parse({ id: 'k', timestamp: '2024-06-01T12:00:00Z', request: { model: 'm', messages: [{ role: 'user', content: 'hi' }] }, metadata: { a_note: 'from a@x.com', b_note: 'from b@x.com' } });
    const y = { ...x, metadata: { b_note: 'from b@x.com', a_note: 'from a@x.com' } };
    expect(redactor.redactSample(x).sample.metadata).toEqual(redactor.redactSample(y).sample.metadata);
    expect(redactor.redactSample(y).sample.metadata).toEqual({ b_note: 'from <EMAIL_2>', a_note: 'from <EMAIL_1>' });
  });

  it('numbers the request on its own, so equal requests redact equally whatever the response says', () => {
    const one = richSample();
    const two = { ...richSample(), response: { ...one.response!, choices: [{ index: 0, message: { role: 'assistant' as const, content: 'first zed@example.com' } }] } };
    expect(redactor.redactSample(one).sample.request).toEqual(redactor.redactSample(two).sample.request);
  });

  it('never mutates the input and shares no object with it', () => {
    const input = deepFreeze(richSample());
    const before = JSON.stringify(input);
    const { sample: out } = redactor.redactSample(input);
    expect(JSON.stringify(input)).toBe(before);
    const inputObjects = objectsOf(input);
    for (const o of objectsOf(out)) expect(inputObjects.has(o)).toBe(false);
  });

  it('renumbers when a literal placeholder in a later field would clash with an issued one', () => {
    const s = trafficSampleSchema.parse({
      id: 'c',
      timestamp: '2024-06-01T12:00:00Z',
      request: { model: 'm', messages: [{ role: 'user', content: 'me: a@x.com' }, { role: 'user', content: 'template says <EMAIL_1>' }] },
    });
    const { sample: out, counts } = redactor.redactSample(s);
    expect(out.request.messages.map((m) => m.content)).toEqual(['me: <EMAIL_2>', 'template says <EMAIL_1>']);
    expect(counts).toEqual({ EMAIL: 1 });
  });

  it('returns empty counts exactly when the sample comes back equal (the importer then stores the raw line)', () => {
    const s = trafficSampleSchema.parse({
      id: 'n',
      timestamp: '2024-06-01T12:00:00Z',
      request: { model: 'm', messages: [{ role: 'user', content: 'Where is order #123456 from 2024-05-01?' }] },
      response: { choices: [{ index: 0, message: { role: 'assistant', content: 'It ships on 2024-05-03.' }, logprobs: { content: [{ token: 'It', logprob: -0.01 }] } }] },
    });
    const r = redactor.redactSample(s);
    expect(r.counts).toEqual({});
    expect(r.sample).toEqual(s);
    const leaky = { ...s, response: { choices: [{ ...s.response!.choices[0]!, message: { role: 'assistant' as const, content: 'Card 4111 1111 1111 1111' } }] } };
    const l = redactor.redactSample(leaky);
    expect(l.counts).toEqual({ CARD: 1 });
    expect(l.sample.response!.choices[0]!.logprobs).toBeNull();
  });

  it('keeps an own "__proto__" key as data', () => {
    const s = JSON.parse('{"id":"p","timestamp":"2024-06-01T12:00:00Z","request":{"model":"m","messages":[{"role":"user","content":"hi"}]},"metadata":{"__proto__":"a@x.com"}}') as TrafficSample;
    const out = redactor.redactSample(s).sample;
    expect(Object.getPrototypeOf(out.metadata)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(out.metadata, '__proto__')?.value).toBe('<EMAIL_1>');
  });
});

describe('redactSample: nesting (issue 14, item 5)', () => {
  const nested = (levels: number, leaf: unknown): unknown => {
    let v = leaf;
    for (let i = 0; i < levels; i++) v = { n: v };
    return v;
  };
  const withMetadata = (nest: unknown): TrafficSample =>
    ({ id: 'd', timestamp: '2026-10-02T10:00:00Z', request: { model: 'm', messages: [{ role: 'user', content: 'hi' }] }, metadata: { nest } }) as TrafficSample;

  it('stops a walk of 5,000 levels at the one limit with NestingTooDeepError, not a RangeError', () => {
    for (const share of [true, false]) {
      expect(() => redactor.redactSample(withMetadata(nested(5000, 'jane@example.com')), { share })).toThrow(NestingTooDeepError);
    }
    // The sample and its metadata are two levels: the record nests MAX_NESTING_DEPTH + 1 deep.
    expect(() => redactor.redactSample(withMetadata(nested(MAX_NESTING_DEPTH - 1, 'x')))).toThrow(NestingTooDeepError);
    expect(nestsDeeperThan(withMetadata(nested(MAX_NESTING_DEPTH - 1, 'x')))).toBe(true);
  });

  it('still redacts data nested exactly to the limit', () => {
    expect(nestsDeeperThan(withMetadata(nested(MAX_NESTING_DEPTH - 2, 'x')))).toBe(false);
    const { sample } = redactor.redactSample(withMetadata(nested(MAX_NESTING_DEPTH - 2, 'jane@example.com')));
    expect(JSON.stringify(sample.metadata)).toContain('<EMAIL_1>');
  });

  it('measures nesting iteratively, at any depth', () => {
    expect(nestsDeeperThan(nested(100_000, 1))).toBe(true);
    expect(nestsDeeperThan(nested(MAX_NESTING_DEPTH, 1))).toBe(false);
    expect(nestsDeeperThan(nested(MAX_NESTING_DEPTH + 1, 1))).toBe(true);
    expect(nestsDeeperThan([[[]]], 3)).toBe(false);
    expect(nestsDeeperThan([[[[]]]], 3)).toBe(true);
  });
});
