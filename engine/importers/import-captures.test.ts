import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { heldBulkLoadLock } from '../store/bulk-load-lock.js';
import { openStore, type Store } from '../store/index.js';
import { importCaptures, type ImportSummary } from './import-captures.js';

const sample = (id: string, question: string, slice = 'billing', extra: Record<string, unknown> = {}) => ({
  schema: 'canary-gate/capture@1',
  id,
  timestamp: '2026-10-02T10:00:00Z',
  request: { model: 'gpt-prod', messages: [{ role: 'user', content: question }] },
  response: { choices: [{ message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }], usage: { prompt_tokens: 5, completion_tokens: 1 } },
  latency_ms: 420,
  metadata: { slice, ...extra },
});
const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/capture-formats');
const jsonl = (...lines: unknown[]) => lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n';

let dir: string;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cg-import-'));
  store = openStore(join(dir, 'db.sqlite'));
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const run = (paths: string[], extra: Partial<Parameters<typeof importCaptures>[2]> = {}) =>
  importCaptures(paths, store, { redact: true, rejectsDir: join(dir, 'rejects'), cwd: dir, ...extra });

/** The identity the issue asks for: nothing lost. */
function expectAccounted(s: ImportSummary) {
  expect(s.imported + s.duplicates + s.not_sampled).toBe(s.samples);
  expect(s.files.reduce((a, f) => a + f.records, 0)).toBe(s.records);
  expect(s.files.reduce((a, f) => a + f.rejected, 0)).toBe(s.rejected);
}

describe('importCaptures', () => {
  it('imports valid lines, rejects bad ones with file, line and reason, and never stops', async () => {
    const file = join(dir, 'capture.jsonl');
    const wrongShape = { ...sample('c3', 'x'), request: { model: 'm', messages: [] } };
    writeFileSync(file, jsonl(sample('c1', 'What is my balance?'), '{not json', wrongShape, '', { ...sample('c4', 'Due?'), timestamp: 'yesterday' }, sample('c5', 'Refund status?', 'refunds')));
    const s = await run([file]);
    expect(s).toMatchObject({ records: 5, imported: 2, duplicates: 0, rejected: 3, samples: 2 });
    expectAccounted(s);
    expect(s.rejects.map((r) => r.line)).toEqual([2, 3, 5]);
    expect(s.rejects[0]!.reason).toMatch(/^not JSON \(syntax error at character \d+\)$/);
    expect(s.rejects[1]!.reason).toMatch(/^canonical: request\.messages: /);
    expect(s.rejects[2]!.reason).toMatch(/^canonical: timestamp: /);
    expect(store.traffic.slices()).toEqual([{ slice: 'billing', n: 1 }, { slice: 'refunds', n: 1 }]);
    const rejectLines = readFileSync(s.rejects_file!, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(rejectLines.map((r: { line: number }) => r.line)).toEqual([2, 3, 5]);
  });

  it('never copies rejected content (it may hold secrets) into the rejects file', async () => {
    const file = join(dir, 'capture.jsonl');
    writeFileSync(file, '{"id": "x", "key": "sk-live-SECRET-abcdef", oops}\n');
    const s = await run([file]);
    expect(s.rejected).toBe(1);
    expect(readFileSync(s.rejects_file!, 'utf8')).not.toContain('SECRET');
    expect(JSON.stringify(s)).not.toContain('SECRET');
  });

  it('re-importing is a no-op counted as duplicates; duplicates are by request, not id', async () => {
    const file = join(dir, 'capture.jsonl');
    writeFileSync(file, jsonl(sample('a', 'one'), sample('b', 'two'), sample('c', 'two')));
    expect(await run([file])).toMatchObject({ imported: 2, duplicates: 1 });
    expect(await run([file])).toMatchObject({ imported: 0, duplicates: 3 });
    expect(store.traffic.count()).toBe(2);
  });

  it('reads gzip files and folders recursively, and reports a truncated gzip after the lines it could read', async () => {
    mkdirSync(join(dir, 'in', 'nested'), { recursive: true });
    writeFileSync(join(dir, 'in', 'a.jsonl'), jsonl(sample('a', 'q1')));
    writeFileSync(join(dir, 'in', 'nested', 'b.jsonl.gz'), gzipSync(jsonl(sample('b', 'q2'), sample('c', 'q3'))));
    writeFileSync(join(dir, 'in', 'notes.txt'), 'not a capture');
    const many = jsonl(...Array.from({ length: 3000 }, (_, i) => sample(`t${i}`, `question number ${i} ${'pad '.repeat(20)}`)));
    const gz = gzipSync(many);
    writeFileSync(join(dir, 'truncated.jsonl.gz'), gz.subarray(0, Math.floor(gz.length / 2)));
    const s = await run(['in', 'truncated.jsonl.gz']);
    expect(s.files.map((f) => f.file.slice(dir.length + 1))).toEqual(['in/a.jsonl', 'in/nested/b.jsonl.gz', 'truncated.jsonl.gz']);
    const truncated = s.files[2]!;
    expect(truncated.error).toMatch(/^truncated or corrupt gzip .* after line \d+$/);
    expect(truncated.samples).toBeGreaterThan(100);
    expect(truncated.samples).toBeLessThan(3000);
    expect(s.imported).toBe(3 + truncated.samples);
    expect(s.file_errors.map((e) => e.file)).toEqual([join(dir, 'truncated.jsonl.gz')]);
    expectAccounted(s);
  });

  it('rejects invalid UTF-8 and over-long lines by line, and says when a file is empty or missing', async () => {
    const file = join(dir, 'mixed.jsonl');
    const good = Buffer.from(JSON.stringify(sample('a', 'fine')) + '\n');
    const badUtf8 = Buffer.concat([Buffer.from('{"id": "'), Buffer.from([0xff, 0xfe]), Buffer.from('"}\n')]);
    const long = Buffer.from(JSON.stringify(sample('b', 'x'.repeat(5000))) + '\n');
    writeFileSync(file, Buffer.concat([good, badUtf8, long, Buffer.from(JSON.stringify(sample('c', 'also fine')))]));
    writeFileSync(join(dir, 'empty.jsonl'), '');
    const s = await run(['mixed.jsonl', 'empty.jsonl', 'missing.jsonl'], { maxRecordBytes: 1000 });
    expect(s.rejects.map((r) => [r.line, r.reason.split(':')[0]])).toEqual([[2, 'invalid UTF-8'], [3, 'line too long']]);
    expect(s.imported).toBe(2);
    expect(s.file_errors.map((e) => [e.file.slice(dir.length + 1), e.reason])).toEqual([
      ['missing.jsonl', 'cannot read: ENOENT'],
      ['empty.jsonl', 'empty file: no records'],
    ]);
    // A path that cannot be listed is reported and the others still import. (As root, a chmod 000 folder
    // is still readable, so the same code path is driven with a path through a file.)
    const t = await run(['mixed.jsonl/inside', 'mixed.jsonl'], { maxRecordBytes: 1000 });
    expect(t.file_errors[0]).toEqual({ file: join(dir, 'mixed.jsonl', 'inside'), line: null, reason: 'cannot read: ENOTDIR' });
    expect(t.duplicates).toBe(2);
  });

  it('skips a 50 MB single line under the default 16 MiB cap without holding it, and imports the rest', async () => {
    const file = join(dir, 'huge.jsonl');
    const huge = JSON.stringify(sample('huge', 'x'.repeat(50 * 1024 * 1024)));
    writeFileSync(file, `${JSON.stringify(sample('a', 'before'))}\n${huge}\n${JSON.stringify(sample('b', 'after'))}\n`);
    const heapBefore = process.memoryUsage().heapUsed;
    const s = await run([file]);
    expect(s.rejects).toEqual([{ file, line: 2, reason: expect.stringMatching(/^line too long: 524\d{5} bytes \(limit 16777216\)$/) }]);
    expect(s.imported).toBe(2);
    // The reader never materialised the line as a string (the test's own copy is the only one).
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(40 * 1024 * 1024);
  });

  it('imports a JSON Lines file whose first line is over 1 MiB line by line, plain or gzip, losing nothing', async () => {
    const first = JSON.stringify(sample('big', 'x'.repeat(1_200_000)));
    const rest = Array.from({ length: 9 }, (_, i) => sample(`r${i}`, `question ${i}`));
    const text = jsonl(first, ...rest, '{not json');
    writeFileSync(join(dir, 'long-first.jsonl'), text);
    writeFileSync(join(dir, 'long-first-gz.jsonl.gz'), gzipSync(text));
    for (const name of ['long-first.jsonl', 'long-first-gz.jsonl.gz']) {
      const other = openStore(join(dir, `${name}.sqlite`));
      const s = await importCaptures([join(dir, name)], other, { redact: true, cwd: dir });
      expect(s).toMatchObject({ records: 11, imported: 10, duplicates: 0, rejected: 1, file_errors: [] });
      expect(s.rejects.map((r) => [r.file, r.line])).toEqual([[join(dir, name), 11]]);
      expect(s.imported + s.duplicates + s.rejected).toBe(text.trim().split('\n').length);
      expect(other.traffic.bySlice('billing').map((r) => r.sample.id)).toEqual(['big', ...rest.map((r) => r.id)]);
      other.close();
    }
  });

  it('rejects a 50 MB first line as too long, naming file and line 1, and imports the lines after it', async () => {
    const file = join(dir, 'huge-first.jsonl');
    writeFileSync(file, jsonl(sample('huge', 'x'.repeat(50 * 1024 * 1024)), sample('a', 'after'), sample('b', 'after that')));
    const s = await run([file]);
    expect(s.rejects).toEqual([{ file, line: 1, reason: expect.stringMatching(/^line too long: 524\d{5} bytes \(limit 16777216\)$/) }]);
    expect(s).toMatchObject({ records: 3, rejected: 1, imported: 2, file_errors: [] });
    expectAccounted(s);
  });

  it('imports a whole-file OTLP document over 1 MiB on one line as a document, like its pretty-printed form', async () => {
    const doc = JSON.parse(readFileSync(join(FIXTURES, 'otel-whole-file.json'), 'utf8')) as { resourceSpans: { resource: { attributes: unknown[] } }[] };
    doc.resourceSpans[0]!.resource.attributes.push({ key: 'padding', value: { stringValue: 'p'.repeat(1_500_000) } });
    writeFileSync(join(dir, 'pretty.json'), JSON.stringify(doc, null, 2));
    writeFileSync(join(dir, 'one-line.json'), JSON.stringify(doc));
    writeFileSync(join(dir, 'one-line-newline.json'), `${JSON.stringify(doc)}\n`);
    const pretty = await run(['pretty.json']);
    expect(pretty).toMatchObject({ records: 2, rejected: 0, imported: 2, file_errors: [] });
    for (const name of ['one-line.json', 'one-line-newline.json']) {
      const other = openStore(join(dir, `${name}.sqlite`));
      const s = await importCaptures([join(dir, name)], other, { redact: true, cwd: dir });
      expect(s).toMatchObject({ records: pretty.records, rejected: 0, samples: pretty.samples, skipped: pretty.skipped, imported: pretty.imported, file_errors: [] });
      expect(s.files[0]!.format).toBe('otel');
      other.close();
    }
  });

  it('rejects an element of a JSON document that is not valid UTF-8 by line, as it does a JSON line', async () => {
    const good = JSON.stringify(sample('a', 'fine'));
    const bad = Buffer.from(JSON.stringify(sample('b', 'broken XX here')));
    bad.set([0xff, 0xfe], bad.indexOf('XX'));
    writeFileSync(join(dir, 'doc.json'), Buffer.concat([Buffer.from(`[${good},\n`), bad, Buffer.from(']\n')]));
    writeFileSync(join(dir, 'lines.jsonl'), Buffer.concat([Buffer.from(`${good}\n`), bad, Buffer.from('\n')]));
    for (const name of ['doc.json', 'lines.jsonl']) {
      const other = openStore(join(dir, `${name}.sqlite`));
      const s = await importCaptures([join(dir, name)], other, { redact: true, cwd: dir });
      expect(s).toMatchObject({ records: 2, imported: 1, rejected: 1 });
      expect(s.rejects).toEqual([{ file: join(dir, name), line: 2, reason: 'invalid UTF-8' }]);
      expect(other.traffic.bySlice('billing').map((r) => r.sample.id)).toEqual(['a']);
      other.close();
    }
  });

  it('an import into a store left with duplicate fingerprints by two bulk loads at once rebuilds its index', async () => {
    const load = store.traffic.beginBulkLoad();
    const row = (id: string) => ({ sourceId: id, fingerprint: Buffer.alloc(16, id.charCodeAt(0)), slice: null, capturedAt: 'x', sampleJson: '{}', sourceFile: null, sourceLine: 1 });
    load.insertMany([row('a'), row('b')]);
    const raw = store.db.prepare('INSERT INTO traffic_samples (source_id, fingerprint, slice, captured_at, sample_json, imported_at) VALUES (?, ?, ?, ?, ?, ?)');
    for (const id of ['a', 'b', 'b']) raw.run(`${id}-again`, row(id).fingerprint, null, 'x', '{}', 'now');
    // The load's process is gone (kill -9): its marker is still there, its lock went with the process.
    heldBulkLoadLock(store.db)!.release();
    writeFileSync(join(dir, 'after.jsonl'), jsonl(sample('c1', 'q1'), sample('c2', 'q2')));
    const s = await run(['after.jsonl']);
    expect(s).toMatchObject({ imported: 2, duplicates: 0 });
    expect(store.db.prepare('SELECT source_id FROM traffic_samples ORDER BY id').pluck().all()).toEqual(['a', 'b', 'c1', 'c2']);
    expect(store.db.prepare("SELECT name FROM sqlite_master WHERE name = 'traffic_samples_fingerprint'").pluck().all()).toEqual(['traffic_samples_fingerprint']);
    expect(store.db.prepare('SELECT COUNT(*) FROM traffic_bulk_load').pluck().get()).toBe(0);
  });

  it('names JSON of the wrong shape by field, for each format', async () => {
    const file = join(dir, 'shapes.jsonl');
    writeFileSync(file, jsonl({ ...sample('a', 'q'), request: { model: '', messages: [{ role: 'user', content: 'x' }] } }, { ...sample('b', 'q2'), metadata: 'not an object' }));
    const s = await run([file]);
    expect(s.rejects.map((r) => r.reason.split(':').slice(0, 2).join(':'))).toEqual(['canonical: request.model', 'canonical: metadata']);
  });

  it('redacts before storing, and stores as captured only with redaction off', async () => {
    const file = join(dir, 'pii.jsonl');
    writeFileSync(file, jsonl(sample('p', 'Please email jane.doe@example.com, card 4111 1111 1111 1111')));
    const on = await run([file]);
    expect(on.redactions).toMatchObject({ EMAIL: 1, CARD: 1 });
    const raw = readFileSync(join(dir, 'db.sqlite'));
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    const stored = store.traffic.bySlice('billing')[0]!.sample;
    expect(JSON.stringify(stored)).not.toContain('jane.doe@example.com');
    expect(JSON.stringify(stored)).not.toContain('4111 1111 1111 1111');
    expect(raw.includes('jane.doe@example.com')).toBe(false);

    const other = openStore(join(dir, 'db2.sqlite'));
    const off = await importCaptures([file], other, { redact: false });
    expect(off.redacted).toBe(false);
    expect(JSON.stringify(other.traffic.bySlice('billing')[0]!.sample)).toContain('jane.doe@example.com');
    other.close();
  });

  it('maps slices from configured paths and names', async () => {
    const file = join(dir, 'routes.jsonl');
    writeFileSync(file, jsonl({ ...sample('a', 'q1'), metadata: { route: '/v1/billing' } }, { ...sample('b', 'q2'), metadata: { route: '/v1/docs' } }, { ...sample('c', 'q3'), metadata: {} }));
    const s = await run([file], { slicePaths: ['metadata.slice', 'metadata.route'], sliceMap: { '/v1/billing': 'billing', '/v1/docs': 'doc_qa' } });
    expect(s.slices).toEqual({ billing: 1, doc_qa: 1, '(none)': 1 });
    expect(store.traffic.slices()).toEqual([{ slice: null, n: 1 }, { slice: 'billing', n: 1 }, { slice: 'doc_qa', n: 1 }]);
  });

  it('stratified sampling keeps the mix, guarantees a minimum per slice, and is reproducible', async () => {
    const file = join(dir, 'mix.jsonl');
    const lines = Array.from({ length: 1000 }, (_, i) => sample(`s${i}`, `q${i}`, i % 50 === 0 ? 'rare' : 'common'));
    writeFileSync(file, jsonl(...lines));
    const s = await run([file], { sample: { n: 100, minPerSlice: 10, seed: 3 } });
    expect(s.sample_allocation).toEqual({ common: 90, rare: 10 });
    expect(s).toMatchObject({ samples: 1000, imported: 100, not_sampled: 900 });
    expectAccounted(s);
    const ids = (slice: string) => store.traffic.bySlice(slice).map((r) => r.sample.id).sort();
    const first = [...ids('common'), ...ids('rare')];
    const again = openStore(join(dir, 'again.sqlite'));
    await importCaptures([file], again, { redact: true, sample: { n: 100, minPerSlice: 10, seed: 3 } });
    expect([...again.traffic.bySlice('common'), ...again.traffic.bySlice('rare')].map((r) => r.sample.id).sort()).toEqual(first.sort());
    again.close();
  });

  it('an interrupted import leaves a consistent database and a re-run finishes the rest', async () => {
    const file = join(dir, 'big.jsonl');
    writeFileSync(file, jsonl(...Array.from({ length: 9000 }, (_, i) => sample(`b${i}`, `question ${i}`))));
    const abort = new AbortController();
    const restore = abortAfter(abort, store, 4000);
    const first = await run([file], { signal: abort.signal });
    restore();
    expect(first.interrupted).toBe(true);
    const partial = store.traffic.count();
    expect(partial).toBeGreaterThanOrEqual(4000);
    expect(partial).toBeLessThan(9000);
    // Every stored row is a whole, parseable sample (batches commit atomically).
    expect(store.traffic.bySlice('billing').every((r) => typeof r.sample.request.model === 'string')).toBe(true);
    const second = await run([file]);
    expect(second).toMatchObject({ imported: 9000 - partial, duplicates: partial, interrupted: false });
    expect(store.traffic.count()).toBe(9000);
  });
});

/** Aborts (like Ctrl-C) once the store holds at least n samples; returns the function that undoes the hook. */
function abortAfter(abort: AbortController, store: Store, n: number): () => void {
  const original = store.traffic.insertMany;
  store.traffic.insertMany = function (this: typeof store.traffic, rows) {
    const r = original.call(this, rows);
    if (store.traffic.count() >= n) abort.abort();
    return r;
  };
  return () => {
    store.traffic.insertMany = original;
  };
}

describe('importCaptures: a single pretty-printed JSON object (issue 14, item 12)', () => {
  it('reads a Langfuse trace saved alone and pretty-printed as one trace, not as its tags', async () => {
    const s = await run([join(FIXTURES, 'langfuse-trace-pretty.json')]);
    expect(s).toMatchObject({ records: 1, rejected: 0, imported: 1 });
    expect(s.files[0]).toMatchObject({ format: 'langfuse', records: 1 });
    const [row] = store.traffic.bySlice('warranty');
    expect(row!.sample.id).toBe('d5b3e1f4-9c6f-4a01-9e3d-4f5a6b7c8d9e:gen-w1');
    expect(row!.sample.response!.choices[0]!.message.content).toBe('Yes, it has a two-year warranty.');
    expect(row!.sample.metadata.tags).toEqual(['warranty', 'prod']);
  });

  it('reads one with `tags: []` too', async () => {
    const s = await run([join(FIXTURES, 'langfuse-trace-pretty-no-tags.json')]);
    expect(s).toMatchObject({ records: 1, rejected: 0, imported: 1 });
    expect(store.traffic.bySlice('warranty')[0]!.sample.request.messages[1]!.content).toBe('Does the warranty cover water damage?');
  });

  it('never ends with zero records and no reason: an empty record array is named', async () => {
    const file = join(dir, 'empty-page.json');
    writeFileSync(file, '{\n  "data": [],\n  "meta": {"page": 1}\n}\n');
    const s = await run([file]);
    expect(s.records).toBe(0);
    expect(s.file_errors.map((r) => r.reason)).toEqual(['the JSON document holds no records (its record array is empty)']);
  });
});

describe("importCaptures: Langfuse's UI downloads (issue 14, item 13)", () => {
  it('reads the {observations, scores} download: trace id from the observations, scores aimed at the generation', async () => {
    const s = await run([join(FIXTURES, 'langfuse-ui-observations-scores.json')]);
    expect(s).toMatchObject({ records: 1, rejected: 0, imported: 1, skipped: 1 });
    expect(s.files[0]!.format).toBe('langfuse');
    const sample = store.traffic.bySlice('invoices')[0]!.sample;
    expect(sample.id).toBe('f7d5a3b6-1e8b-4c23-9a5f-6b7c8d9e0f1a:gen-inv-1');
    expect(sample.request.messages[1]!.content).toBe('Where can I download invoice INV-3301?');
    expect(sample.response!.choices[0]!.message.content).toBe('Open Billing → Invoices and pick INV-3301.');
    expect(sample.response!.usage).toEqual({ prompt_tokens: 44, completion_tokens: 16, total_tokens: 60 });
    expect(sample.metadata.signals).toEqual({ thumbs_down: true });
  });

  it('reads the older {trace, observations} download with flat token counts', async () => {
    const s = await run([join(FIXTURES, 'langfuse-ui-trace-observations.json')]);
    expect(s).toMatchObject({ records: 1, rejected: 0, imported: 1 });
    const sample = store.traffic.bySlice('invoices')[0]!.sample;
    expect(sample.id).toBe('08e6b4c7-2f9c-4d34-8b6a-7c8d9e0f1a2b:gen-inv-2');
    expect(sample.metadata).toMatchObject({ session_id: 's-inv-2', user_id: 'u-3120', route: '/billing/invoices', tags: ['billing'], signals: { thumbs_down: false } });
    expect(sample.response!.usage).toEqual({ prompt_tokens: 37, completion_tokens: 13, total_tokens: 50 });
    expect(sample.response!.choices[0]!.message.content).toBe('Yes: set the billing currency to EUR in Settings.');
  });
});

describe('importCaptures: lost detail (issue 14, item 14)', () => {
  it('reads cached and reasoning tokens, other model-call operation names, system instructions and the operation-details event; reports skipped spans by reason', async () => {
    const s = await run([join(FIXTURES, 'otel-genai-details.jsonl')]);
    expect(s).toMatchObject({ records: 1, rejected: 0, rejected_parts: 0, imported: 2, skipped: 3 });
    expect(s.skipped_by).toEqual({
      'GenAI operation "invoke_agent" (not a model call)': 1,
      'GenAI operation "embeddings" (not a model call)': 1,
      'not a GenAI span': 1,
    });
    const samples = store.traffic.bySlice('plans').map((r) => r.sample);
    const chat = samples.find((x) => x.metadata.session_id === 's-plans-1')!;
    expect(chat.request.messages).toEqual([
      { role: 'system', content: "You are Acme Cloud's plans assistant." },
      { role: 'user', content: 'Which plan includes 2 TB of backup?' },
    ]);
    expect(chat.response!.choices[0]!.message.content).toBe('The Pro plan includes 2 TB of backup.');
    expect(chat.response!.usage).toEqual({ prompt_tokens: 1200, completion_tokens: 210, total_tokens: 1410, prompt_tokens_details: { cached_tokens: 1024 }, completion_tokens_details: { reasoning_tokens: 128 } });
    const legacy = samples.find((x) => x.metadata.session_id === 's-plans-2')!;
    expect(legacy.request.model).toBe('gpt-3.5-turbo-instruct');
    expect(legacy.request.messages).toEqual([
      { role: 'system', content: 'Answer in one short sentence.' },
      { role: 'user', content: 'Summarise: the Pro plan has 2 TB.' },
    ]);
    expect(legacy.response!.choices[0]!.message.content).toBe('Pro gives you 2 TB.');
  });

  it("keeps OpenAI's prompt_tokens_details.cached_tokens and completion_tokens_details.reasoning_tokens", async () => {
    const s = await run([join(FIXTURES, 'openai-chat-usage-details.jsonl')]);
    expect(s).toMatchObject({ imported: 1, rejected: 0 });
    expect(store.traffic.bySlice('plans')[0]!.sample.response!.usage).toEqual({
      prompt_tokens: 2048,
      completion_tokens: 320,
      total_tokens: 2368,
      prompt_tokens_details: { cached_tokens: 1536 },
      completion_tokens_details: { reasoning_tokens: 256 },
    });
  });

  it("keeps Anthropic's cache-read tokens as the cached part of the prompt", async () => {
    await run([join(FIXTURES, 'anthropic.jsonl')]);
    const usages = store.db.prepare('SELECT sample_json FROM traffic_samples').pluck().all().map((j) => (JSON.parse(j as string) as { response: { usage: unknown } }).response.usage);
    expect(usages).toContainEqual({ prompt_tokens: 412 + 1800, completion_tokens: 61, total_tokens: 412 + 1800 + 61, prompt_tokens_details: { cached_tokens: 1800 } });
  });
});
