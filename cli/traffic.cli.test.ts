// CLI integration for `canary-gate traffic`: the real, built command on the shipped support-bot capture.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, spawnCli } from '../test-support/spawn-cli.js';

let tmp: string;
const cli = (args: string[]) => spawnCli([...args, '--workspace', 'ws'], tmp);

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'cg-traffic-cli-'));
  // Two hand-written samples with PII (redacted at import) beside the 400 of the fixture.
  const extra = [
    { id: 'pii-1', timestamp: '2026-11-02T09:15:00Z', request: { model: 'gpt-4.1-mini', messages: [{ role: 'user', content: 'Refund card 4111 1111 1111 1111 and mail jane@example.com' }] }, response: { choices: [{ message: { role: 'assistant', content: 'Mailed jane@example.com.' } }] }, metadata: { slice: 'refunds' } },
    { id: 'pii-2', timestamp: '2026-11-02T09:16:00Z', request: { model: 'gpt-4.1-mini', messages: [{ role: 'user', content: 'Plain zebra question' }] }, response: null },
  ];
  writeFileSync(join(tmp, 'extra.jsonl'), extra.map((e) => JSON.stringify(e)).join('\n') + '\n');
  const imported = spawnCli(['import', join(REPO_ROOT, 'fixtures', 'traffic', 'support-bot-capture.jsonl'), join(tmp, 'extra.jsonl'), '--workspace', 'ws', '--json'], tmp);
  expect(imported.code).toBe(0);
  expect(JSON.parse(imported.stdout).imported).toBe(402);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('canary-gate traffic', () => {
  it('lists a page with totals and facets (JSON)', () => {
    const res = cli(['traffic', '--limit', '5', '--json']);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const list = JSON.parse(res.stdout);
    expect(list.total).toBe(402);
    expect(list.rows).toHaveLength(5);
    expect(list.rows[0]).toMatchObject({ id: 1, source_id: 'cap_74cda1f8082f22c4', model: 'sim-baseline', redactions: 0, preview: 'How do I turn on two-factor authentication?' });
    expect(list.facets.model).toEqual([
      { value: 'sim-baseline', count: 400 },
      { value: 'gpt-4.1-mini', count: 2 },
    ]);
    // 53 of the fixture's samples had PII or secrets replaced at import, and pii-1.
    expect(list.facets.redacted).toBe(54);
    expect(list.facets.slice.reduce((n: number, f: { count: number }) => n + f.count, 0)).toBe(402);
  });

  it('filters by redaction, slice, model and words', () => {
    const redacted = JSON.parse(cli(['traffic', '--redacted', '--model', 'gpt-4.1-mini', '--json']).stdout);
    expect(redacted.rows.map((r: { source_id: string; redactions: number; preview: string }) => [r.source_id, r.redactions, r.preview])).toEqual([
      ['pii-1', 3, 'Refund card <CARD_1> and mail <EMAIL_1>'],
    ]);
    expect(JSON.parse(cli(['traffic', '--slice', 'refunds', '--json']).stdout).total).toBe(51);
    expect(JSON.parse(cli(['traffic', '--slice', '(none)', '--json']).stdout).rows.map((r: { source_id: string }) => r.source_id)).toEqual(['pii-2']);
    expect(JSON.parse(cli(['traffic', '--model', 'gpt-4.1-mini', '--q', 'zebra', '--json']).stdout).rows.map((r: { source_id: string }) => r.source_id)).toEqual(['pii-2']);
  });

  it('prints a table, the range shown and the facets', () => {
    const res = cli(['traffic', '--redacted', '--model', 'gpt-4.1-mini']);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^id\s+slice\s+model\s+redactions\s+captured\s+request/);
    expect(res.stdout).toMatch(/401\s+refunds\s+gpt-4\.1-mini\s+3\s+2026-11-02T09:15:00Z\s+Refund card <CARD_1> and mail <EMAIL_1>/);
    expect(res.stdout).toContain('Showing 1–1 of 1 sample(s). Open one with: canary-gate traffic --id <id>');
    expect(res.stdout).toContain('Models: sim-baseline 53 · gpt-4.1-mini 1');
    expect(res.stdout).toContain('Redacted: 1 sample(s)');
    expect(res.stdout).toContain('Slices: refunds 1');
    expect(cli(['traffic', '--q', 'nothing-like-this-anywhere']).stdout).toContain('No samples match.');
  });

  it('opens one sample as stored, redacted', () => {
    const res = cli(['traffic', '--id', '401']);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('Sample 401 (pii-1), slice refunds, model gpt-4.1-mini, captured 2026-11-02T09:15:00Z');
    expect(res.stdout).toContain('[user]\nRefund card <CARD_1> and mail <EMAIL_1>');
    expect(res.stdout).toContain('[response]\nMailed <EMAIL_1>.');
    expect(res.stdout).not.toContain('jane@example.com');
    const json = JSON.parse(cli(['traffic', '--id', '1', '--json']).stdout);
    expect(json).toMatchObject({ id: 1, source_id: 'cap_74cda1f8082f22c4', source_line: 1 });
    expect(json.sample.request.model).toBe('sim-baseline');
  });

  it('says what is wrong with bad input (exit 2)', () => {
    const missing = cli(['traffic', '--id', '9999']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no traffic sample 9999');
    const limit = cli(['traffic', '--limit', '0']);
    expect(limit.code).toBe(2);
    expect(limit.stderr).toContain('--limit');
    expect(cli(['traffic', '--limit', '501']).stderr).toContain('at most 500 samples a page');
  });
});
