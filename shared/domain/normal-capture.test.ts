import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { trafficSampleSchema } from './capture.js';
import { isNormalCapture } from './normal-capture.js';

const linesOf = (path: string) =>
  readFileSync(new URL(`../../fixtures/${path}`, import.meta.url), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
const shipped = linesOf('traffic/support-bot-capture.jsonl');
const formats = linesOf('capture-formats/canonical.jsonl');

type Json = Record<string, unknown> | unknown[];
type Path = (string | number)[];

/** Every object and array inside a value, by path (the root included). */
function containers(v: unknown, path: Path = []): Path[] {
  if (typeof v !== 'object' || v === null) return [];
  const entries: [string | number, unknown][] = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v);
  return [path, ...entries.flatMap(([k, x]) => containers(x, [...path, k]))];
}

const at = (root: unknown, path: Path): Json => path.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], root) as Json;

/** Values that sit on the schema's edges: wrong types, empty strings, negative, fractional, unsafe integers. */
const edgeValue = fc.oneof(
  fc.constantFrom(undefined, null, '', 'x', 'function', 'user', 'tool', 'contains', 'high', 'doc_qa', '2026-10-02T10:00:00Z', '2026-10-02', 0, -1, 1.5, 2 ** 53, true, [], {}),
  fc.jsonValue({ maxDepth: 2 }),
);

/** A mutation: set a key (existing or new) of some object or array in the sample, or delete one (leaving a hole in an array). */
const mutation = fc.record({ where: fc.nat(), key: fc.oneof(fc.nat(), fc.constantFrom('extra', 'type', 'metadata', 'id', 'schema')), value: edgeValue, remove: fc.boolean() });

function mutate(sample: Record<string, unknown>, steps: { where: number; key: number | string; value: unknown; remove: boolean }[]): Record<string, unknown> {
  const copy = structuredClone(sample);
  for (const s of steps) {
    const places = containers(copy);
    const target = at(copy, places[s.where % places.length]!);
    const keys = Array.isArray(target) ? Array.from(target, (_, i) => i) : Object.keys(target);
    // Arrays get indexes only (a named property on an array is not something JSON can say); a new one appends.
    const key = typeof s.key === 'number' ? (keys.length > 0 ? keys[s.key % keys.length]! : Array.isArray(target) ? 0 : 'extra') : Array.isArray(target) ? target.length : s.key;
    if (s.remove) delete (target as Record<string | number, unknown>)[key];
    else (target as Record<string | number, unknown>)[key] = structuredClone(s.value);
  }
  return copy;
}

describe('isNormalCapture', () => {
  it('takes every shipped canonical capture as it is (the fast path is the common path)', () => {
    const all = [...shipped, ...formats];
    expect(all.length).toBeGreaterThan(400);
    expect(all.filter((s) => !isNormalCapture(s)).map((s) => s.id)).toEqual([]);
  });

  it('is never looser than the schema: what it takes, the schema accepts and returns unchanged', () => {
    const base = fc.constantFrom(...shipped.slice(0, 60), ...formats);
    let taken = 0;
    let refused = 0;
    fc.assert(
      fc.property(base, fc.array(mutation, { minLength: 1, maxLength: 3 }), (sample, steps) => {
        const v = mutate(sample, steps);
        if (!isNormalCapture(v)) {
          refused++;
          return;
        }
        taken++;
        const parsed = trafficSampleSchema.safeParse(v);
        expect(parsed.success).toBe(true);
        expect(parsed.data).toEqual(v);
      }),
      { numRuns: 3000, seed: 20261127 },
    );
    // Both sides were exercised: mutations the fast check takes (harmless ones) and ones it leaves to the schema.
    expect(taken).toBeGreaterThan(300);
    expect(refused).toBeGreaterThan(300);
  });

  it('leaves to the schema what it would change or reject', () => {
    const s = shipped[0]!;
    const cases: [string, Record<string, unknown>, boolean][] = [
      ['metadata missing (the schema fills in {})', { ...s, metadata: undefined }, true],
      ['an unknown top-level key (the schema strips it)', { ...s, trace: 'abc' }, true],
      ['a tool call without type (the schema fills in "function")', withToolCall(s, { id: 'c1', function: { name: 'f', arguments: '{}' } }), true],
      ['a tool call with an extra key', withToolCall(s, { id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' }, index: 0 }), true],
      ['a timestamp without offset', { ...s, timestamp: '2026-10-02T10:00:00' }, false],
      ['an empty id', { ...s, id: '' }, false],
      ['a null message name', withMessage(s, { role: 'user', content: 'hi', name: null }), false],
      ['an unknown role', withMessage(s, { role: 'robot', content: 'hi' }), false],
      ['max_tokens 0', { ...s, request: { ...(s.request as object), max_tokens: 0 } }, false],
      ['an unsafe integer seed', { ...s, request: { ...(s.request as object), seed: 2 ** 53 } }, false],
      ['an expectation with an unknown key', { ...s, expectations: [{ type: 'abstain', value: 'x' }] }, true],
      ['a contains expectation without value', { ...s, expectations: [{ type: 'contains' }] }, false],
    ];
    for (const [what, v, schemaAccepts] of cases) {
      expect({ what, fast: isNormalCapture(v) }).toEqual({ what, fast: false });
      expect({ what, schema: trafficSampleSchema.safeParse(v).success }).toEqual({ what, schema: schemaAccepts });
    }
  });
});

function withMessage(s: Record<string, unknown>, message: Record<string, unknown>): Record<string, unknown> {
  const request = s.request as { messages: unknown[] };
  return { ...s, request: { ...request, messages: [...request.messages, message] } };
}

function withToolCall(s: Record<string, unknown>, call: Record<string, unknown>): Record<string, unknown> {
  return withMessage(s, { role: 'assistant', content: null, tool_calls: [call] });
}
