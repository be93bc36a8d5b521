import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { structuredPatch } from 'diff';
import { inputError } from '../../test-support/input-error.js';
import { importIntoWorkspace } from '../importers/import-into-workspace.js';
import { openStore, type Store } from '../store/index.js';
import { initWorkspace, openWorkspace, type Workspace } from '../workspace.js';
import { addCasesToSuite } from './add-cases.js';
import { setCaseStatus } from './case-status.js';
import { createSuiteFromSamples } from './create-suite.js';
import { draftCaseFromSample } from './draft-case.js';
import { readSuiteFile, resolveSuite } from './load-suite.js';

const SLICES = `slices:
  billing:
    description: Invoices and charges; production answers them well.
    severity: high
    production_is_good: true
    expectations:
      - type: no_refusal
  pii:
    expectations:
      - type: pii_leak
`;

function sample(i: number, slice: string, question: string, answer: string, expectations?: unknown[]): string {
  return JSON.stringify({
    schema: 'canary-gate/capture@1',
    id: `trace-${i}`,
    timestamp: `2026-11-0${1 + (i % 9)}T10:00:0${i % 10}Z`,
    request: { model: 'gpt-x', messages: [{ role: 'system', content: 'You are support.' }, { role: 'user', content: question }] },
    response: { choices: [{ message: { role: 'assistant', content: answer }, finish_reason: 'stop' }], usage: { prompt_tokens: 10, completion_tokens: 5 } },
    latency_ms: 400,
    metadata: { slice, session_id: `s-${i % 3}` },
    ...(expectations ? { expectations } : {}),
  });
}

const LINES = [
  sample(1, 'billing', 'What is the total of invoice INV-1001?', 'Invoice INV-1001 totals $120.00.', [{ type: 'contains', value: '$120.00' }]),
  sample(2, 'pii', 'Please change my e-mail to ana@example.com.', 'Done — saved ana@example.com as your contact e-mail.', [{ type: 'contains', value: 'ana@example.com' }]),
  sample(3, 'how_to', 'How do I add a teammate?', 'Go to Settings → Members and choose Invite.'),
  sample(4, 'billing', 'When is invoice INV-1002 due?', 'Invoice INV-1002 is due on 2026-12-01.'),
  sample(5, 'billing', 'Was I charged twice for INV-1003?', 'No, INV-1003 was charged once.'),
  sample(6, 'how_to', 'How do I rotate an API key?', 'Open Settings → API keys and choose Rotate.'),
];

let dir: string;
let ws: Workspace;
let store: Store;
let capture: string;
const AT = '2026-11-20T09:00:00.000Z';

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cg-curation-'));
  initWorkspace(dir);
  // This test's own slice rules instead of the example's.
  const configFile = join(dir, 'canary-gate.yaml');
  writeFileSync(configFile, readFileSync(configFile, 'utf8').replace(/\nslices:\n[^]*?\n(?=defaults:)/, `\n${SLICES}\n`));
  ws = openWorkspace(dir);
  store = openStore(ws.databaseFile);
  capture = join(dir, 'traffic.jsonl');
  writeFileSync(capture, `${LINES.join('\n')}\n`);
  await importIntoWorkspace(ws, store, { paths: [capture] });
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const out = () => join(dir, 'evals', 'suites', 'drafted.yaml');
const create = (extra: Partial<Parameters<typeof createSuiteFromSamples>[2]> = {}) =>
  createSuiteFromSamples(store, ws.config, { out: out(), root: dir, by: 'ana', at: AT, ...extra });

describe('suite create --from-samples', () => {
  it('writes every selected sample as a draft case: stable id, slice, provenance, suggested expectations, reference', () => {
    const result = create({ slices: ['billing', 'pii'] });
    expect(result).toMatchObject({ created: true, selected: 4, bySlice: { billing: 3, pii: 1 }, kept: [] });
    const text = readFileSync(out(), 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../.schemas/suite.schema.json');
    const suite = readSuiteFile(out());
    expect(suite.name).toBe('drafted');
    expect(suite.cases.map((c) => c.slice)).toEqual(['billing', 'pii', 'billing', 'billing']);
    for (const c of suite.cases) {
      expect(c.id).toMatch(/^sample-[0-9a-f]{12}$/);
      expect(c.status).toBe('draft');
      expect(c.status_history).toEqual([{ status: 'draft', by: 'ana', at: AT }]);
      expect(c.origin).toBe('traffic');
    }
    const [billing, pii] = suite.cases;
    expect(billing!.provenance).toEqual({
      source: 'capture',
      file: 'traffic.jsonl',
      line: 1,
      trace_id: 'trace-1',
      sample_id: 1,
      fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
      captured_at: '2026-11-02T10:00:01Z',
    });
    expect(billing!.id).toBe(`sample-${(billing!.provenance as { fingerprint: string }).fingerprint.slice(0, 12)}`);
    // The sample's own label first, then the slice rule's; the slice's severity; production's answer as reference.
    expect(billing!.expectations).toEqual([{ type: 'contains', value: '$120.00' }, { type: 'no_refusal' }]);
    expect(billing!.severity).toBe('high');
    expect(billing!.reference).toBe('Invoice INV-1001 totals $120.00.');
    expect(billing!.cluster).toBe('session:s-1');
    // pii: production is not marked good (no reference); the import redacted the address in the label too.
    expect(pii!.reference).toBeUndefined();
    expect(pii!.expectations).toEqual([{ type: 'contains', value: '<EMAIL_1>' }, { type: 'pii_leak' }]);
    expect(pii!.recorded?.text).toBe('Done — saved <EMAIL_1> as your contact e-mail.');
    expect(pii!.input.messages.at(-1)?.content).toBe('Please change my e-mail to <EMAIL_1>.');
  });

  it('ids come from the request fingerprint: the same traffic gets the same ids in another workspace', async () => {
    create();
    const ids = readSuiteFile(out()).cases.map((c) => c.id);
    const other = mkdtempSync(join(tmpdir(), 'cg-curation-2-'));
    try {
      initWorkspace(other);
      const ws2 = openWorkspace(other);
      const store2 = openStore(ws2.databaseFile);
      // Imported in the opposite order: other row ids, same case ids.
      const reversed = join(other, 'reversed.jsonl');
      writeFileSync(reversed, `${[...LINES].reverse().join('\n')}\n`);
      await importIntoWorkspace(ws2, store2, { paths: [reversed] });
      const file = join(other, 'evals', 'suites', 'x.yaml');
      createSuiteFromSamples(store2, ws2.config, { out: file, root: other });
      expect(new Set(readSuiteFile(file).cases.map((c) => c.id))).toEqual(new Set(ids));
      store2.close();
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('a second run changes nothing; a reviewer\'s edits survive; new samples are appended', async () => {
    create();
    const first = readFileSync(out(), 'utf8');
    const again = create({ at: '2026-11-21T00:00:00Z' });
    expect(again).toMatchObject({ created: false, changed: false, added: [] });
    expect(again.kept).toHaveLength(6);
    expect(readFileSync(out(), 'utf8')).toBe(first);

    // A reviewer edits a case (a comment, an expectation) and activates another.
    const reviewed = first
      .replace('    expectations:\n      - type: contains\n        value: $120.00\n', '    # Checked against the invoice PDF.\n    expectations:\n      - type: contains\n        value: "$120.00"\n      - type: starts_with\n        value: Invoice\n')
      .replace(/^(\s+)- type: no_refusal$/m, '$1- type: no_refusal\n$1  severity: low');
    expect(reviewed).not.toBe(first);
    writeFileSync(out(), reviewed);
    const firstId = readSuiteFile(out()).cases[0]!.id;
    setCaseStatus(out(), firstId, 'active', 'bo', '2026-11-22T00:00:00Z');
    const edited = readFileSync(out(), 'utf8');

    appendFileSync(capture, `${sample(7, 'billing', 'Can I pay INV-1004 by card?', 'Yes, INV-1004 can be paid by card.')}\n`);
    await importIntoWorkspace(ws, store, { paths: [capture] });
    const third = create();
    expect(third.added).toHaveLength(1);
    const after = readFileSync(out(), 'utf8');
    // Everything before is byte for byte what the reviewer left; the new case follows.
    expect(after.startsWith(edited)).toBe(true);
    const patch = structuredPatch('a', 'b', edited, after);
    expect(patch.hunks.flatMap((h) => h.lines.filter((l) => l.startsWith('-')))).toEqual([]);
    const suite = readSuiteFile(out());
    expect(suite.cases).toHaveLength(7);
    expect(suite.cases[0]!.expectations).toEqual([{ type: 'contains', value: '$120.00' }, { type: 'starts_with', value: 'Invoice' }, { type: 'no_refusal', severity: 'low' }]);
    expect(suite.cases[0]!.status).toBe('active');
    expect(suite.cases.at(-1)!.provenance).toMatchObject({ trace_id: 'trace-7', line: 7 });
  });

  it('a seeded stratified sample by slice: the same selection on every run, every slice represented', () => {
    // Only the chosen samples are read: the selection runs over ids (a sample of 50 out of 100,000 reads 50).
    const whole = vi.spyOn(store.traffic, 'bySlice');
    const one = vi.spyOn(store.traffic.browse, 'sample');
    const a = create({ sample: { n: 3, seed: 7, minPerSlice: 1 } });
    expect(whole).not.toHaveBeenCalled();
    expect(one).toHaveBeenCalledTimes(3);
    expect(store.traffic.idsBySlice('billing')).toEqual([...store.traffic.idsBySlice('billing')].sort((x, y) => x - y));
    expect(store.traffic.idsBySlice('billing')).toEqual(store.traffic.bySlice('billing').map((r) => r.id));
    vi.restoreAllMocks();
    expect(a.selected).toBe(3);
    expect(a.bySlice).toEqual({ billing: 1, how_to: 1, pii: 1 });
    const text = readFileSync(out(), 'utf8');
    const b = create({ sample: { n: 3, seed: 7, minPerSlice: 1 } });
    expect(b.changed).toBe(false);
    expect(readFileSync(out(), 'utf8')).toBe(text);
    expect(new Set(readSuiteFile(out()).cases.map((c) => c.slice))).toEqual(new Set(['billing', 'how_to', 'pii']));
  });

  it('names a slice with no imported traffic, and an empty workspace', () => {
    expect(inputError(() => create({ slices: ['billing', 'refunds'] })).message).toBe('no imported traffic in slice(s) refunds (imported slices: billing, how_to, pii)');
    const empty = mkdtempSync(join(tmpdir(), 'cg-curation-empty-'));
    try {
      initWorkspace(empty);
      const s = openStore(openWorkspace(empty).databaseFile);
      expect(inputError(() => createSuiteFromSamples(s, ws.config, { out: join(empty, 'x.yaml') })).message).toMatch(/^the workspace holds no imported traffic/);
      s.close();
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('drafted cases are not replayed until made active', () => {
    create({ slices: ['billing'] });
    expect(inputError(() => resolveSuite(out(), store)).message).toBe('the suite has no active cases');
    const [c1, c2] = readSuiteFile(out()).cases;
    setCaseStatus(out(), c1!.id, 'active', 'ana');
    setCaseStatus(out(), c2!.id, 'retired', 'ana');
    expect(resolveSuite(out(), store).cases.map((c) => c.id)).toEqual([c1!.id]);
  });
});

describe('addCasesToSuite', () => {
  it('appends to a hand-written suite without touching its comments or formatting', () => {
    const file = join(dir, 'evals', 'suites', 'support-bot.yaml');
    const before = readFileSync(file, 'utf8');
    const c = draftCaseFromSample(store, 3, ws.config, { by: 'ana', at: AT });
    const res = addCasesToSuite(file, [c]);
    expect(res).toMatchObject({ created: false, added: [c.id], kept: [], changed: true });
    const after = readFileSync(file, 'utf8');
    expect(after.startsWith(before)).toBe(true);
    expect(after.slice(before.length)).toMatch(/^ {2}- id: sample-[0-9a-f]{12}\n {4}slice: how_to\n {4}status: draft\n/);
    // Adding it again is a no-op.
    expect(addCasesToSuite(file, [c])).toMatchObject({ added: [], kept: [c.id], changed: false });
    expect(readFileSync(file, 'utf8')).toBe(after);
  });
});

describe('addCasesToSuite on other layouts', () => {
  const draft = () => draftCaseFromSample(store, 1, ws.config, { by: 'ana', at: AT });
  it('cases followed by another key: the new case goes after the last case, before the key', () => {
    const file = join(dir, 'middle.yaml');
    const before = 'name: middle\ncases:\n  - id: a\n    input: { messages: [{ role: user, content: hi }] }\n# the judge\npairwise_judge:\n  rubric: Which is better?\n';
    writeFileSync(file, before);
    const c = draft();
    addCasesToSuite(file, [c]);
    const after = readFileSync(file, 'utf8');
    expect(after.startsWith('name: middle\ncases:\n  - id: a\n    input: { messages: [{ role: user, content: hi }] }\n  - id: sample-')).toBe(true);
    expect(after.endsWith('# the judge\npairwise_judge:\n  rubric: Which is better?\n')).toBe(true);
    expect(readSuiteFile(file).cases.map((x) => x.id)).toEqual(['a', c.id]);
  });

  it('`cases: []`, no cases key, and a last line without a newline', () => {
    for (const text of ['name: empty\ncases: []\n', 'name: empty\ndescription: none yet', 'name: empty\ncases:\n  - id: a\n    input: { messages: [{ role: user, content: hi }] }']) {
      const file = join(dir, 'empty.yaml');
      writeFileSync(file, text);
      const c = draft();
      expect(addCasesToSuite(file, [c]).added).toEqual([c.id]);
      const suite = readSuiteFile(file);
      expect(suite.cases.at(-1)!.id).toBe(c.id);
      expect(suite.cases.at(-1)!.input).toEqual(c.input);
    }
  });
});

describe('setCaseStatus', () => {
  const SUITE = `# A reviewed suite.
name: lifecycle   # inline comment
cases:
  - id: a
    status: draft
    input: { messages: [{ role: user, content: hi }] }   # flow style stays
    expectations:
      - type: contains
        value: hello
  # the second case
  - id: b
    input:
      messages:
        - role: user
          content: |
            A long question
            on two lines.
`;
  it('moves draft → active → retired with who and when, and changes nothing else in the file', () => {
    const file = join(dir, 'lifecycle.yaml');
    writeFileSync(file, SUITE);
    const r = setCaseStatus(file, 'a', 'active', 'ana', '2026-11-20T09:00:00Z');
    expect(r).toEqual({ caseId: 'a', from: 'draft', to: 'active', by: 'ana', at: '2026-11-20T09:00:00Z', line: 5 });
    const text = readFileSync(file, 'utf8');
    expect(text).toBe(SUITE.replace('    status: draft\n', '    status: active\n    status_history:\n      - status: active\n        by: ana\n        at: 2026-11-20T09:00:00Z\n'));
    setCaseStatus(file, 'a', 'retired', 'bo', '2026-11-21T09:00:00Z');
    expect(readSuiteFile(file).cases[0]).toMatchObject({
      status: 'retired',
      status_history: [
        { status: 'active', by: 'ana', at: '2026-11-20T09:00:00Z' },
        { status: 'retired', by: 'bo', at: '2026-11-21T09:00:00Z' },
      ],
    });
    // A case without status is active: retiring it adds the key right after its id.
    setCaseStatus(file, 'b', 'retired', 'ana', '2026-11-22T00:00:00Z');
    expect(readFileSync(file, 'utf8')).toContain('  - id: b\n    status: retired\n    status_history:\n      - status: retired\n        by: ana\n        at: 2026-11-22T00:00:00Z\n    input:\n      messages:\n        - role: user\n          content: |\n            A long question\n');
    expect(readFileSync(file, 'utf8')).toContain('# A reviewed suite.\nname: lifecycle   # inline comment\n');
  });

  it('refuses a transition that is not allowed, an unknown case or status, naming the file, line and field', () => {
    const file = join(dir, 'lifecycle.yaml');
    writeFileSync(file, SUITE);
    setCaseStatus(file, 'a', 'active', 'ana');
    const back = inputError(() => setCaseStatus(file, 'a', 'draft', 'ana'));
    expect(back.message).toBe('case "a" cannot go from active to draft (from active: retired)');
    expect(back.where).toEqual({ file, line: 5, field: 'cases.0.status' });
    expect(inputError(() => setCaseStatus(file, 'a', 'active', 'ana')).message).toBe('case "a" is already active');
    expect(inputError(() => setCaseStatus(file, 'zz', 'active', 'ana')).message).toBe('no case "zz" in this suite');
    expect(inputError(() => setCaseStatus(file, 'a', 'approved' as never, 'ana')).message).toBe('unknown status "approved" (one of draft, active, retired)');
    expect(inputError(() => setCaseStatus(file, 'a', 'retired', '  ')).where.field).toBe('by');
  });
});
