import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canonicalMapper } from './canonical.js';
import { MappingError } from './format.js';

const FIXTURES = new URL('../../../fixtures/capture-formats/', import.meta.url);
const records = readFileSync(new URL('canonical.jsonl', FIXTURES), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as Record<string, unknown>);
const origin = { file: 'canonical.jsonl', line: 1 };

function mappingError(record: unknown): MappingError {
  try {
    canonicalMapper.map(record, origin);
  } catch (err) {
    if (err instanceof MappingError) return err;
    throw err;
  }
  throw new Error('expected a MappingError');
}

describe('canonical mapper', () => {
  it('keeps a valid capture as it is, expectations and signals included', () => {
    const { samples, skipped } = canonicalMapper.map(records[1], origin);
    expect(skipped).toBe(0);
    expect(samples).toHaveLength(1);
    const sample = samples[0]!;
    expect(sample.id).toBe('cap_7d1e90b2c4a8f310');
    expect(sample.timestamp).toBe('2026-10-02T10:04:12Z');
    expect(sample.request).toEqual({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: "You are Acme Cloud's support assistant." },
        { role: 'user', content: 'How do I add a teammate to my workspace?' },
      ],
      temperature: 0.2,
      max_tokens: 400,
    });
    expect(sample.expectations).toEqual([{ type: 'contains', value: 'Settings → Members' }]);
    expect(sample.metadata).toEqual({ slice: 'how_to', session_id: 's-57', user_id: 'u-2210', signals: { thumbs_down: false } });
  });

  it('adds the schema tag when the line has none, without touching the parsed record', () => {
    const { schema: _schema, ...untagged } = records[1]!;
    expect(canonicalMapper.map(untagged, origin).samples[0]!.schema).toBe('canary-gate/capture@1');
    expect(untagged).not.toHaveProperty('schema');
  });

  it.each([
    ['a missing timestamp', { ...records[1], timestamp: undefined }, 'timestamp'],
    ['a timestamp that is not ISO-8601', { ...records[1], timestamp: 'yesterday' }, 'timestamp'],
    ['an empty message list', { ...records[1], request: { model: 'm', messages: [] } }, 'request.messages'],
    ['an unknown role', { ...records[1], request: { model: 'm', messages: [{ role: 'robot', content: 'x' }] } }, 'request.messages.0.role'],
    ['a missing model', { ...records[1], request: { messages: [{ role: 'user', content: 'x' }] } }, 'request.model'],
    ['another schema tag', { ...records[1], schema: 'canary-gate/capture@2' }, 'schema'],
    ['a record that is not an object', ['not', 'a', 'capture'], '(root)'],
  ])('rejects %s with the zod path as field', (_label, record, field) => {
    expect(mappingError(record).field).toBe(field);
  });

  it('detects tagged captures, and untagged ones whose response is in canonical form', () => {
    const { schema: _schema, ...untagged } = records[1]!;
    expect(canonicalMapper.detect(records[0])).toBe(true);
    expect(canonicalMapper.detect(untagged)).toBe(true);
    expect(canonicalMapper.detect({ ...untagged, response: null })).toBe(true);
  });

  it('leaves untagged records with a raw provider response to the provider mappers', () => {
    const { schema: _schema, ...untagged } = records[0]!;
    expect(canonicalMapper.detect(untagged)).toBe(false); // response.object is "chat.completion"
    expect(canonicalMapper.detect({ ...untagged, response: { type: 'message', content: [] } })).toBe(false);
    expect(canonicalMapper.detect({ ...untagged, response: [{ object: 'chat.completion.chunk' }] })).toBe(false);
    expect(canonicalMapper.detect({ ...untagged, timestamp: 1790935200 })).toBe(false);
  });
});
