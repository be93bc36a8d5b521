import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../store/index.js';
import { importCaptureFiles } from './import-capture.js';

const sample = (id: string, question: string, slice = 'billing') => ({
  schema: 'canary-gate/capture@1',
  id,
  timestamp: '2026-10-02T10:00:00Z',
  request: { model: 'gpt-prod', messages: [{ role: 'user', content: question }] },
  response: { choices: [{ message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }], usage: { prompt_tokens: 5, completion_tokens: 1 } },
  latency_ms: 420,
  metadata: { slice },
});

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

describe('importCaptureFiles', () => {
  it('imports valid lines and reports each bad line with its number and reason, without stopping', async () => {
    const file = join(dir, 'capture.jsonl');
    const bad = { ...sample('c3', 'x'), request: { model: 'm', messages: [] } };
    writeFileSync(
      file,
      [
        JSON.stringify(sample('c1', 'What is my balance?')),
        '{not json',
        JSON.stringify(bad),
        '',
        JSON.stringify({ ...sample('c4', 'When is my invoice due?'), timestamp: 'yesterday' }),
        JSON.stringify(sample('c5', 'Refund status?', 'refunds')),
      ].join('\n'),
    );
    const summary = await importCaptureFiles([file], store, { rejectsDir: join(dir, 'rejects') });
    expect(summary).toMatchObject({ lines: 5, imported: 2, duplicates: 0, rejected: 3 });
    expect(summary.imported + summary.duplicates + summary.rejected).toBe(summary.lines);
    expect(summary.rejects.map((r) => r.line)).toEqual([2, 3, 5]);
    expect(summary.rejects[0]!.reason).toMatch(/^not JSON/);
    expect(summary.rejects[1]!.reason).toMatch(/^request\.messages: /);
    expect(summary.rejects[2]!.reason).toMatch(/^timestamp: /);
    expect(store.traffic.count()).toBe(2);
    expect(store.traffic.slices()).toEqual([{ slice: 'billing', n: 1 }, { slice: 'refunds', n: 1 }]);
    const rejectLines = readFileSync(summary.rejectsFile!, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(rejectLines.map((r: { line: number; file: string }) => [r.file, r.line])).toEqual([[file, 2], [file, 3], [file, 5]]);
  });

  it('re-importing the same file is a no-op counted as duplicates', async () => {
    const file = join(dir, 'capture.jsonl');
    writeFileSync(file, [sample('a', 'one'), sample('b', 'two'), sample('c', 'three')].map((s) => JSON.stringify(s)).join('\n'));
    expect(await importCaptureFiles([file], store)).toMatchObject({ imported: 3, duplicates: 0 });
    expect(await importCaptureFiles([file], store)).toMatchObject({ imported: 0, duplicates: 3 });
    expect(store.traffic.count()).toBe(3);
  });

  it('de-duplicates by request, not by sample id', async () => {
    const file = join(dir, 'capture.jsonl');
    writeFileSync(file, [sample('a', 'same question'), sample('b', 'same question')].map((s) => JSON.stringify(s)).join('\n'));
    expect(await importCaptureFiles([file], store)).toMatchObject({ imported: 1, duplicates: 1 });
  });

  it('names the file when it cannot be read', async () => {
    await expect(importCaptureFiles([join(dir, 'missing.jsonl')], store)).rejects.toMatchObject({ name: 'InputError', where: { file: join(dir, 'missing.jsonl') } });
  });
});
