import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useTempStore } from '../../test-support/temp-store.js';
import { NotFoundError } from '../errors.js';
import type { NewTrafficSample } from '../store/index.js';
import { ftsQuery } from './fts-query.js';
import { countPlaceholders } from './index-entry.js';
import { syncTrafficIndex } from './traffic-index.js';
import { getTraffic, listTraffic } from './traffic-views.js';

const temp = useTempStore('cg-traffic-views-');

function sample(key: string, opts: { slice?: string | null; model?: string; user: string; answer?: string; doc?: string }): NewTrafficSample {
  const json = {
    id: key,
    timestamp: '2026-11-02T09:15:00Z',
    request: { model: opts.model ?? 'gpt-4.1-mini', messages: [{ role: 'system', content: 'You are a support bot.' }, { role: 'user', content: opts.user }] },
    response: opts.answer === undefined ? null : { choices: [{ index: 0, message: { role: 'assistant', content: opts.answer }, finish_reason: 'stop' }] },
    ...(opts.doc ? { context: { documents: [{ id: 'doc-1', title: 'Refunds', text: opts.doc }] } } : {}),
    metadata: opts.slice ? { slice: opts.slice } : {},
  };
  return {
    sourceId: key,
    fingerprint: createHash('sha256').update(key).digest().subarray(0, 16),
    slice: opts.slice ?? null,
    capturedAt: '2026-11-02T09:15:00Z',
    sampleJson: JSON.stringify(json),
    sourceFile: 'captures/support.jsonl',
    sourceLine: Number(key.slice(1)),
  };
}

function seed() {
  temp.store.traffic.insertMany([
    sample('s1', { slice: 'billing', user: 'Refund my card <CARD_1> and mail <EMAIL_1>', answer: 'Sent to <EMAIL_1>.' }),
    sample('s2', { slice: 'billing', model: 'gpt-4.1', user: 'Where is my invoice?', answer: 'Under Billing.' }),
    sample('s3', { slice: 'shipping', user: 'Where is my parcel?', answer: null as never, doc: 'Parcels ship within two days' }),
    sample('s4', { slice: null, user: 'Café opening hours', answer: 'Nine to five.' }),
  ]);
}

describe('traffic views', () => {
  it('lists in import order with previews, redaction counts and provenance', () => {
    seed();
    const all = listTraffic(temp.store, {}, 0, 100);
    expect(all.total).toBe(4);
    expect(all.rows.map((r) => [r.source_id, r.slice, r.model, r.redactions, r.preview])).toEqual([
      ['s1', 'billing', 'gpt-4.1-mini', 3, 'Refund my card <CARD_1> and mail <EMAIL_1>'],
      ['s2', 'billing', 'gpt-4.1', 0, 'Where is my invoice?'],
      ['s3', 'shipping', 'gpt-4.1-mini', 0, 'Where is my parcel?'],
      ['s4', null, 'gpt-4.1-mini', 0, 'Café opening hours'],
    ]);
    expect(all.rows[0]).toMatchObject({ source_file: 'captures/support.jsonl', source_line: 1, captured_at: '2026-11-02T09:15:00Z' });
    expect(all.facets).toEqual({
      slice: [
        { value: 'billing', count: 2 },
        { value: '(none)', count: 1 },
        { value: 'shipping', count: 1 },
      ],
      model: [
        { value: 'gpt-4.1-mini', count: 3 },
        { value: 'gpt-4.1', count: 1 },
      ],
      redacted: 1,
    });
  });

  it('filters by slice (and the (none) slice), model, redacted-only and words; each facet ignores its own filter', () => {
    seed();
    const billing = listTraffic(temp.store, { slice: 'billing' }, 0, 100);
    expect(billing.rows.map((r) => r.source_id)).toEqual(['s1', 's2']);
    expect(billing.facets.slice.map((f) => f.value)).toEqual(['billing', '(none)', 'shipping']);
    expect(billing.facets.model).toEqual([
      { value: 'gpt-4.1', count: 1 },
      { value: 'gpt-4.1-mini', count: 1 },
    ]);
    expect(listTraffic(temp.store, { slice: '(none)' }, 0, 100).rows.map((r) => r.source_id)).toEqual(['s4']);
    expect(listTraffic(temp.store, { model: 'gpt-4.1' }, 0, 100).rows.map((r) => r.source_id)).toEqual(['s2']);
    const redacted = listTraffic(temp.store, { redacted: true }, 0, 100);
    expect(redacted.rows.map((r) => r.source_id)).toEqual(['s1']);
    expect(redacted.facets.redacted).toBe(1);
    expect(redacted.facets.slice).toEqual([{ value: 'billing', count: 1 }]);
    // Words are AND-ed, prefixes match, accents fold, documents and responses are searched, placeholders are phrases.
    expect(listTraffic(temp.store, { q: 'where is' }, 0, 100).rows.map((r) => r.source_id)).toEqual(['s2', 's3']);
    expect(listTraffic(temp.store, { q: 'invo' }, 0, 100).rows.map((r) => r.source_id)).toEqual(['s2']);
    expect(listTraffic(temp.store, { q: 'cafe' }, 0, 100).rows.map((r) => r.source_id)).toEqual(['s4']);
    expect(listTraffic(temp.store, { q: 'two days' }, 0, 100).rows.map((r) => r.source_id)).toEqual(['s3']);
    expect(listTraffic(temp.store, { q: 'nine' }, 0, 100).rows.map((r) => r.source_id)).toEqual(['s4']);
    expect(listTraffic(temp.store, { q: '<EMAIL_1>' }, 0, 100).rows.map((r) => r.source_id)).toEqual(['s1']);
    const none = listTraffic(temp.store, { q: 'where', slice: 'nothing' }, 0, 100);
    expect(none).toMatchObject({ rows: [], total: 0 });
    // Text with FTS5 syntax in it is searched for, never an error; punctuation alone searches nothing.
    expect(listTraffic(temp.store, { q: '"where" OR NEAR(' }, 0, 100).total).toBe(0);
    expect(listTraffic(temp.store, { q: '?!' }, 0, 100).total).toBe(4);
  });

  it('pages with a total over every match', () => {
    seed();
    const page = listTraffic(temp.store, {}, 1, 2);
    expect(page.total).toBe(4);
    expect(page.rows.map((r) => r.source_id)).toEqual(['s2', 's3']);
  });

  it('indexes samples imported later, and forgets deleted ones', () => {
    seed();
    expect(syncTrafficIndex(temp.store)).toEqual({ added: 4, indexed: 4, samples: 4 });
    expect(syncTrafficIndex(temp.store)).toEqual({ added: 0, indexed: 4, samples: 4 });
    temp.store.traffic.insertMany([sample('s5', { slice: 'billing', user: 'Late arrival', answer: 'ok' })]);
    expect(listTraffic(temp.store, { q: 'late' }, 0, 10).rows.map((r) => r.source_id)).toEqual(['s5']);
    temp.store.db.prepare("DELETE FROM traffic_samples WHERE source_id = 's2'").run();
    const after = listTraffic(temp.store, {}, 0, 10);
    expect(after.rows.map((r) => r.source_id)).toEqual(['s1', 's3', 's4', 's5']);
    expect(listTraffic(temp.store, { q: 'invoice' }, 0, 10).total).toBe(0);
  });

  it('with a time budget, indexes a batch per call and says how far it got', () => {
    const many = Array.from({ length: 2500 }, (_, i) => sample(`m${i + 1}`, { slice: i % 2 ? 'odd' : 'even', user: `question ${i}`, answer: 'a' }));
    temp.store.traffic.insertMany(many);
    const first = listTraffic(temp.store, {}, 0, 5, { budgetMs: 0 });
    expect(first.indexing).toEqual({ indexed: 250, samples: 2500 });
    expect(first.total).toBe(250);
    expect(listTraffic(temp.store, {}, 0, 5, { budgetMs: 0 }).indexing).toEqual({ indexed: 500, samples: 2500 });
    expect(listTraffic(temp.store, {}, 0, 5, { budgetMs: 1e9 }).indexing).toBeUndefined();
    const done = listTraffic(temp.store, {}, 0, 5, { budgetMs: 0 });
    expect(done.indexing).toBeUndefined();
    expect(done.total).toBe(2500);
    expect(done.facets.slice).toEqual([
      { value: 'even', count: 1250 },
      { value: 'odd', count: 1250 },
    ]);
  });

  it('gets one sample as stored, or says it does not exist', () => {
    seed();
    const first = listTraffic(temp.store, {}, 0, 1).rows[0]!;
    const detail = getTraffic(temp.store, first.id);
    expect(detail).toMatchObject({ id: first.id, source_id: 's1', slice: 'billing', source_file: 'captures/support.jsonl', source_line: 1 });
    expect((detail.sample as { request: { messages: { content: string }[] } }).request.messages[1]!.content).toBe('Refund my card <CARD_1> and mail <EMAIL_1>');
    expect(() => getTraffic(temp.store, 999)).toThrow(NotFoundError);
    expect(() => getTraffic(temp.store, 999)).toThrow('no traffic sample 999');
  });
});

describe('ftsQuery and countPlaceholders', () => {
  it('quotes each word as a prefix phrase and drops syntax', () => {
    expect(ftsQuery('refund policy')).toBe('"refund"* "policy"*');
    expect(ftsQuery('<EMAIL_1> 2026-11')).toBe('"EMAIL 1"* "2026 11"*');
    expect(ftsQuery('"a" OR b*')).toBe('"a"* "OR"* "b"*');
    expect(ftsQuery('  ?! ')).toBeNull();
  });

  it('counts placeholder occurrences of any kind, not look-alikes', () => {
    expect(countPlaceholders('{"a":"<EMAIL_1> <EMAIL_1> <ORDER_ID_12> <CARD_0> <email_1> <X>"}')).toBe(3);
  });
});
