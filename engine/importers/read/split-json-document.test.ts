import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { splitJsonDocument, type DocumentElement } from './split-json-document.js';

async function collect(text: string, chunkSize = 7, cap = 1 << 20): Promise<DocumentElement[]> {
  const bytes = Buffer.from(text, 'utf8');
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) chunks.push(bytes.subarray(i, i + chunkSize));
  const out: DocumentElement[] = [];
  for await (const e of splitJsonDocument(Readable.from(chunks), cap)) out.push(e);
  return out;
}

describe('splitJsonDocument', () => {
  it('streams the elements of a top-level array with their start lines', async () => {
    const els = await collect('[\n  {"a": 1, "s": "x,]}"},\n  {"b": [1, 2]},\n  3,\n  "four"\n]\n');
    expect(els.map((e) => e.text)).toEqual(['{"a": 1, "s": "x,]}"}', '{"b": [1, 2]}', '3', '"four"']);
    expect(els.map((e) => e.line)).toEqual([2, 3, 4, 5]);
  });

  it('re-wraps resourceSpans elements as complete OTLP records', async () => {
    const doc = JSON.stringify({ resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [] }, { resource: {}, scopeSpans: [{ spans: [] }] }] }, null, 2);
    const els = await collect(doc, 5);
    expect(els).toHaveLength(2);
    expect(els.map((e) => JSON.parse(e.text!))).toEqual([
      { resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [] }] },
      { resourceSpans: [{ resource: {}, scopeSpans: [{ spans: [] }] }] },
    ]);
  });

  it('streams the first array member of an object, skipping earlier scalar members', async () => {
    const els = await collect('{"meta": {"page": 1, "k": ["no"]}, "data": [{"id": "t1"}, {"id": "t2"}], "more": [9]}');
    expect(els.map((e) => e.text)).toEqual(['{"id": "t1"}', '{"id": "t2"}']);
  });

  it('yields an object whose arrays are not a known collection whole, whatever array comes first', async () => {
    const trace = JSON.stringify({ id: 't1', tags: ['a', 'b'], observations: [{ id: 'o1' }], scores: [] }, null, 2);
    expect((await collect(trace)).map((e) => JSON.parse(e.text!))).toEqual([JSON.parse(trace)]);
    const noTags = JSON.stringify({ id: 't2', tags: [], observations: [] }, null, 2);
    expect((await collect(noTags)).map((e) => JSON.parse(e.text!))).toEqual([JSON.parse(noTags)]);
    // A known collection after other arrays is still streamed.
    expect((await collect('{"tags": ["x"], "data": [{"id": 1}, {"id": 2}]}')).map((e) => e.text)).toEqual(['{"id": 1}', '{"id": 2}']);
  });

  it('yields a document without an array whole, and nothing for an empty array', async () => {
    expect((await collect('{"id": "x", "n": 1}')).map((e) => e.text)).toEqual(['{"id": "x", "n": 1}']);
    expect(await collect('[]')).toEqual([]);
    expect(await collect('{"data": []}')).toEqual([]);
  });

  it('reports an element over the cap without holding it', async () => {
    const els = await collect(`[{"big": "${'x'.repeat(5000)}"}, {"ok": 1}]`, 64, 1000);
    expect(els[0]).toMatchObject({ tooLong: true, text: null });
    expect(els[1]).toMatchObject({ tooLong: false, text: '{"ok": 1}' });
  });

  it('reports an element that is not valid UTF-8 by its line, even split across reads, and keeps the others', async () => {
    const bytes = Buffer.from('[\n{"a": "\u00e9"},\n{"b": "XX"},\n{"c": 3}\n]');
    bytes.set([0xc3, 0x28], bytes.indexOf('XX'));
    const chunks = Array.from({ length: Math.ceil(bytes.length / 3) }, (_, i) => bytes.subarray(i * 3, i * 3 + 3));
    const els: DocumentElement[] = [];
    for await (const e of splitJsonDocument(Readable.from(chunks), 1 << 20)) els.push(e);
    expect(els).toEqual([
      { line: 2, text: '{"a": "é"}', tooLong: false },
      { line: 3, text: null, tooLong: false, invalidUtf8: true },
      { line: 4, text: '{"c": 3}', tooLong: false },
    ]);
  });

  it('finds exactly the elements JSON.parse finds, for any array and chunking', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.jsonValue(), { maxLength: 8 }), fc.integer({ min: 1, max: 50 }), fc.boolean(), async (values, chunk, pretty) => {
        const text = JSON.stringify(values, null, pretty ? 2 : 0);
        const els = await collect(text, chunk);
        expect(els.map((e) => JSON.parse(e.text!))).toEqual(JSON.parse(text));
      }),
      { numRuns: 200 },
    );
  });
});
