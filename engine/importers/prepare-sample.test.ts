import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../shared/canonical-json.js';
import type { ChatMessage, TrafficSample } from '../../shared/domain/capture.js';
import { requestFingerprint } from './prepare-sample.js';

/** The fingerprint as first defined: stored fingerprints must never change, or re-imports stop de-duplicating. */
function reference(sample: TrafficSample): Buffer {
  const { model, messages, tools } = sample.request;
  const ordinal = new Map<string, number>();
  const callRef = (id: string | undefined) => (id === undefined ? null : (ordinal.get(id) ?? id));
  const args = (a: string) => {
    try {
      return canonicalJson(JSON.parse(a));
    } catch {
      return a;
    }
  };
  const content = (c: ChatMessage['content']) => (typeof c === 'string' || c === null || c === undefined ? (c ?? null) : canonicalJson(c));
  const key = [
    model,
    messages.map((m) => {
      const calls = m.tool_calls?.map((t) => {
        if (!ordinal.has(t.id)) ordinal.set(t.id, ordinal.size);
        return [ordinal.get(t.id)!, t.function.name, args(t.function.arguments)];
      });
      return [m.role, content(m.content), m.name ?? null, calls ?? null, callRef(m.tool_call_id)];
    }),
    tools ? canonicalJson(tools) : null,
  ];
  return createHash('sha256').update(JSON.stringify(key)).digest().subarray(0, 16);
}

// Long texts (hashed from remembered bytes from 256 characters on) recur, as system prompts do.
const LONG_TEXTS = [`You are a helpful assistant.\nAnswer → briefly. ${'Use the "documents" below.\n'.repeat(12)}`, 'x'.repeat(256), `\ud800${'long → '.repeat(60)}`];
const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 12 }), fc.constantFrom('You are a helpful assistant.\nAnswer → briefly.', '{"a": [1, 2]}', '', ...LONG_TEXTS), fc.string({ unit: 'binary', minLength: 250, maxLength: 300 }));
const toolCall = fc.record({ id: fc.constantFrom('call_1', 'call_2', 'toolu_x'), type: fc.constant('function' as const), function: fc.record({ name: fc.constantFrom('lookup', 'refund'), arguments: fc.oneof(text, fc.constant('{"b":1,"a":2}')) }) });
const message: fc.Arbitrary<ChatMessage> = fc.record(
  {
    role: fc.constantFrom('system', 'developer', 'user', 'assistant', 'tool'),
    content: fc.oneof(text, fc.constant(null), fc.array(fc.record({ type: fc.constant('text'), text }), { maxLength: 2 })),
    name: text,
    tool_calls: fc.array(toolCall, { maxLength: 2 }),
    tool_call_id: fc.constantFrom('call_1', 'call_9', 'toolu_x'),
  },
  { requiredKeys: ['role'] },
);
const sampleOf = (model: string, messages: ChatMessage[], tools?: unknown[]): TrafficSample =>
  ({ id: 'x', timestamp: '2026-01-01T00:00:00Z', request: { model, messages, ...(tools ? { tools } : {}) }, metadata: {} }) as TrafficSample;

describe('requestFingerprint', () => {
  it('is the first 16 bytes of the sha256 of the request key, for any request', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('gpt-4o', 'm', 'x|y', '3:ab'),
        fc.array(message, { minLength: 1, maxLength: 4 }),
        fc.array(message, { maxLength: 3 }),
        fc.option(fc.array(fc.jsonValue(), { maxLength: 2 }), { nil: undefined }),
        (model, messages, others, tools) => {
          const a = sampleOf(model, messages, tools);
          const b = sampleOf(model, [messages[0]!, ...others], tools);
          for (const s of [a, b, a]) expect(Buffer.from(requestFingerprint(s))).toEqual(reference(s));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('tells apart requests whose fields would run together as plain text', () => {
    const pairs: [TrafficSample, TrafficSample][] = [
      [sampleOf('a|b', [{ role: 'system', content: 'c' }]), sampleOf('a', [{ role: 'system', name: 'b', content: 'c' }] as ChatMessage[])],
      [sampleOf('m', [{ role: 'system', content: null }]), sampleOf('m', [{ role: 'system', content: 'n' }])],
      [sampleOf('m', [{ role: 'user', name: '1:x', content: 'y' }] as ChatMessage[]), sampleOf('m', [{ role: 'user', name: '1', content: 'x|sy' }] as ChatMessage[])],
    ];
    for (const [x, y] of pairs) {
      expect(Buffer.from(requestFingerprint(x))).toEqual(reference(x));
      expect(Buffer.from(requestFingerprint(y))).toEqual(reference(y));
      expect(Buffer.from(requestFingerprint(x))).not.toEqual(Buffer.from(requestFingerprint(y)));
    }
  });
});
