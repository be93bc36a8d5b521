import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSeededContext } from '../test-support/seeded-context.js';
import { REPO_ROOT } from '../test-support/spawn-cli.js';
import { dispatch } from '../engine/api/dispatch.js';
import { importIntoWorkspace } from '../engine/importers/import-into-workspace.js';
import { itAnswersAlike, serveForParity, type ParityCall } from './transport-parity-harness.js';

const parity = serveForParity('canary-gate-parity-traffic-', openSeededContext, async ({ ctx }) => {
  const imported = await importIntoWorkspace(ctx.workspace, ctx.store, { paths: [join(REPO_ROOT, 'fixtures', 'traffic', 'support-bot-capture.jsonl')] });
  expect(imported.imported).toBe(400);
  // The search index is filled on the first list; both transports then read the same index.
  expect((await dispatch('traffic.list', {}, ctx)).ok).toBe(true);
});

// One table of calls; each must give the same answer in-process and over HTTP with the UI's client.
const calls: ParityCall[] = [
  { name: 'traffic.list with defaults', method: 'traffic.list', input: () => ({}), expectOk: true },
  { name: 'traffic.list paged', method: 'traffic.list', input: () => ({ offset: 390, limit: 20 }), expectOk: true },
  { name: 'traffic.list past the end', method: 'traffic.list', input: () => ({ offset: 1000, limit: 5 }), expectOk: true },
  { name: 'traffic.list by slice', method: 'traffic.list', input: () => ({ filter: { slice: 'billing' }, limit: 10 }), expectOk: true },
  { name: 'traffic.list redacted only', method: 'traffic.list', input: () => ({ filter: { redacted: true }, limit: 10 }), expectOk: true },
  { name: 'traffic.list by model and words', method: 'traffic.list', input: () => ({ filter: { model: 'sim-baseline', q: 'two-factor' } }), expectOk: true },
  { name: 'traffic.list words in FTS5 syntax', method: 'traffic.list', input: () => ({ filter: { q: '"refund" OR NEAR(' } }), expectOk: true },
  { name: 'traffic.get of a sample', method: 'traffic.get', input: () => ({ id: 2 }), expectOk: true },
  { name: 'traffic.get of a missing sample', method: 'traffic.get', input: () => ({ id: 99999 }), expectOk: false },
  { name: 'bad input: traffic.list limit 501', method: 'traffic.list', input: () => ({ limit: 501 }), expectOk: false },
  { name: 'bad input: traffic.list q too long', method: 'traffic.list', input: () => ({ filter: { q: 'x'.repeat(501) } }), expectOk: false },
  { name: 'bad input: traffic.get without id', method: 'traffic.get', input: () => ({}), expectOk: false },
];

describe('transport parity: traffic.list and traffic.get', () => {
  itAnswersAlike(calls, parity);

  it('pins the answers the table compares', async () => {
    const all = await parity.client.call('traffic.list', {});
    if (!all.ok) throw new Error(all.error.message);
    expect(all.value.total).toBe(400);
    expect(all.value.rows).toHaveLength(100);
    expect(all.value.indexing).toBeUndefined();
    expect(all.value.facets.slice.reduce((n, f) => n + f.count, 0)).toBe(400);
    expect(all.value.facets.slice[0]).toEqual({ value: 'doc_qa', count: 70 });
    expect(all.value.facets.model).toEqual([{ value: 'sim-baseline', count: 400 }]);
    expect(all.value.facets.redacted).toBe(53);

    const redacted = await parity.client.call('traffic.list', { filter: { redacted: true }, limit: 3 });
    if (!redacted.ok) throw new Error(redacted.error.message);
    expect(redacted.value.total).toBe(53);
    // The address in the request and in the recorded answer (the pii labels no longer quote it: pii_leak, no_refusal).
    expect(redacted.value.rows[0]).toMatchObject({ id: 2, slice: 'pii', redactions: 2, preview: 'My e-mail changed, it is <EMAIL_1> now. Can you update it?' });

    const words = await parity.client.call('traffic.list', { filter: { q: 'two-factor', slice: 'doc_qa' } });
    if (!words.ok) throw new Error(words.error.message);
    expect(words.value.rows.every((r) => r.slice === 'doc_qa')).toBe(true);
    expect(words.value.total).toBeGreaterThan(0);
    expect(words.value.total).toBeLessThan(70);
    // Every match holds both words (the question itself, or the documents and answer of the call).
    for (const r of words.value.rows.slice(0, 5)) {
      const s = await parity.client.call('traffic.get', { id: r.id });
      expect(s.ok && /two[\s-]factor/i.test(JSON.stringify(s.value.sample))).toBe(true);
    }

    const one = await parity.client.call('traffic.get', { id: 2 });
    if (!one.ok) throw new Error(one.error.message);
    expect(one.value).toMatchObject({ id: 2, slice: 'pii', source_line: 2 });
    expect(JSON.stringify(one.value.sample)).toContain('<EMAIL_1>');
    expect(await parity.client.call('traffic.get', { id: 99999 })).toEqual({ ok: false, error: { code: 'not_found', message: 'no traffic sample 99999' } });
  });
});
