import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importIntoWorkspace } from '../importers/import-into-workspace.js';
import { openStore, type Store } from '../store/index.js';
import { initWorkspace, openWorkspace, type Workspace } from '../workspace.js';
import { lintSuite, type LintFinding } from './lint-suite.js';
import { listSuites, showSuite } from './list-suites.js';

function sample(i: number, slice: string, question: string, answer: string, expectations?: unknown[]): string {
  return JSON.stringify({
    id: `trace-${i}`,
    timestamp: '2026-11-01T10:00:00Z',
    request: { model: 'gpt-x', messages: [{ role: 'user', content: question }] },
    response: { choices: [{ message: { role: 'assistant', content: answer }, finish_reason: 'stop' }] },
    metadata: { slice },
    ...(expectations ? { expectations } : {}),
  });
}

// The demo's old pii labels: `contains: <the customer's e-mail>`, which import redacts into <EMAIL_1>.
const TRAFFIC = [
  sample(1, 'pii', 'Please change my e-mail to ana@example.com.', 'Done, I saved ana@example.com.', [{ type: 'no_refusal' }, { type: 'contains', value: 'ana@example.com' }]),
  sample(2, 'pii', 'Use bo@example.org for invoices.', 'Sure, invoices go to bo@example.org now.', [{ type: 'no_refusal' }, { type: 'contains', value: 'bo@example.org' }]),
  sample(3, 'billing', 'What do I owe on INV-1?', 'You owe $10 on INV-1.', [{ type: 'contains', value: '$10' }]),
  // A label naming an address the request never carried: redacted to a placeholder the input lacks.
  sample(4, 'pii', 'Please update my contact address.', 'Done, it is updated.', [{ type: 'contains', value: 'cy@example.net' }]),
];

let dir: string;
let ws: Workspace;
let store: Store;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cg-lint-'));
  initWorkspace(dir);
  ws = openWorkspace(dir);
  store = openStore(ws.databaseFile);
  writeFileSync(join(dir, 'traffic.jsonl'), `${TRAFFIC.join('\n')}\n`);
  await importIntoWorkspace(ws, store, { paths: [join(dir, 'traffic.jsonl')] });
});
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

let n = 0;
function suite(text: string): string {
  const file = join(dir, 'evals', 'suites', `lint-${n++}.yaml`);
  writeFileSync(file, text);
  return file;
}

const c = (id: string, extra: string, expectations = '      - type: contains\n        value: hi\n') =>
  `  - id: ${id}\n${extra}    input:\n      messages:\n        - { role: user, content: hello }\n    expectations:\n${expectations}`;
const recorded = (text: string) => `    recorded: { text: "${text}", finish_reason: stop, tool_calls: [], prompt_tokens: 1, completion_tokens: 1, latency_ms: 1, cost_usd: 0 }\n`;

const only = (findings: readonly LintFinding[], rule: string) => findings.filter((f) => f.rule === rule);

describe('suite lint', () => {
  it('a redaction placeholder the case\'s input lacks: an error; one the input carries: a warning saying what it checks', () => {
    const echo = `  - id: e\n    input:\n      messages:\n        - { role: user, content: "Mail it to <EMAIL_1>" }\n    expectations:\n      - type: contains\n        value: <EMAIL_1>\n      - type: contains\n        value: <EMAIL_2>\n`;
    const file = suite(
      `name: s\ncases:\n${c('a', '    slice: pii\n', '      - type: no_refusal\n      - type: contains\n        value: <EMAIL_1>\n')}${c('b', '', '      - type: contains_all\n        values: [saved, <PHONE_2>]\n')}${c('ok', '', '      - type: contains_any\n        values: [<EMAIL_1>, your address]\n      - type: not_contains\n        value: <EMAIL_1>\n')}${echo}`,
    );
    const lint = lintSuite(file, store, ws.config);
    expect(only(lint.findings, 'placeholder-in-expectation').map((f) => [f.severity, f.file, f.line, f.field, f.case_id, f.slice, f.message])).toEqual([
      ['error', file, 11, 'cases.0.expectations.1.value', 'a', 'pii', "`contains` requires the redaction placeholder <EMAIL_1>, which no model can produce: this case's input does not contain it (the import replaced the real value, and a model only sees the placeholders its request carries); expect something the answer can contain, and pii_leak for a leak"],
      ['error', file, 18, 'cases.1.expectations.0.values', 'b', null, expect.stringMatching(/^`contains_all` requires the redaction placeholder <PHONE_2>, which no model can produce: this case's input does not contain it/)],
      ['warning', file, 34, 'cases.3.expectations.0.value', 'e', null, "`contains` asks for the redaction placeholder <EMAIL_1> of this case's input: it passes when a model repeats the redaction token, which says nothing about the customer's data; check a leak with pii_leak, and the answer with a fact that is not PII"],
      ['error', file, 36, 'cases.3.expectations.1.value', 'e', null, expect.stringMatching(/^`contains` requires the redaction placeholder <EMAIL_2>, which no model can produce: this case's input does not contain it/)],
    ]);
    expect([lint.errors, lint.warnings]).toEqual([3, 1]);
  });

  it('placeholders in contains_any: an error only when no value can be met, a warning when one is an echo', () => {
    const input = (id: string, values: string) => `  - id: ${id}\n    input:\n      messages:\n        - { role: user, content: "from <EMAIL_1> and <PHONE_1>" }\n    expectations:\n      - type: contains_any\n        values: ${values}\n`;
    const file = suite(`name: s\ncases:\n${input('none', '[<EMAIL_2>, <PHONE_3>]')}${input('one', '[<EMAIL_2>, <PHONE_1>]')}${input('plain', '[<EMAIL_2>, thanks]')}`);
    expect(only(lintSuite(file, store, ws.config).findings, 'placeholder-in-expectation').map((f) => [f.severity, f.case_id, f.line, f.field, f.message.slice(0, 59)])).toEqual([
      ['error', 'none', 9, 'cases.0.expectations.0.values', '`contains_any` requires the redaction placeholder <EMAIL_2>'],
      ['warning', 'one', 16, 'cases.1.expectations.0.values', '`contains_any` asks for the redaction placeholder <PHONE_1>'],
    ]);
  });

  it('the demo\'s old pii labels, captured with the traffic a suite selects: per slice, an error for a placeholder the input lacks and a warning for one it carries', () => {
    const file = suite('name: s\ntraffic:\n  slices: [pii, billing]\n');
    const lint = lintSuite(file, store, ws.config);
    expect(only(lint.findings, 'placeholder-in-expectation').map((f) => [f.severity, f.file, f.line, f.field, f.case_id, f.slice, f.message])).toEqual([
      [
        'warning', file, 2, 'traffic', 'traffic-trace-1', 'pii',
        "2 traffic case(s) of slice pii carry a captured label `contains` of a redaction placeholder (<EMAIL_1>…) that their input carries: it passes when a model repeats the redaction token, which says nothing about the customer's data; check a leak with pii_leak, and the answer with a fact that is not PII (fix the labels at the source, or draft the cases into the file (canary-gate suite create --from-samples) and edit them)",
      ],
      [
        'error', file, 2, 'traffic', 'traffic-trace-4', 'pii',
        '1 traffic case(s) of slice pii carry a captured label `contains` of a redaction placeholder (<EMAIL_1>…) that their input does not contain, so no model can produce it: fix the labels at the source, or draft the cases into the file (canary-gate suite create --from-samples) and edit them',
      ],
    ]);
    expect(lint.errors).toBe(1);
    // A slice's own expectation of the suite: its line and field, and the fix is there.
    const bySlice = suite('name: s\ntraffic:\n  slices: [pii]\n  expectations_by_slice:\n    pii:\n      - type: contains\n        value: <PHONE_1>\n');
    expect(only(lintSuite(bySlice, store, ws.config).findings, 'placeholder-in-expectation').map((f) => [f.severity, f.line, f.field, f.message])).toEqual([
      expect.arrayContaining(['warning', 2, 'traffic']),
      ['error', 6, 'traffic.expectations_by_slice.pii.0', '3 traffic case(s) of slice pii are asked by traffic.expectations_by_slice.pii.0 (`contains`) for the redaction placeholder <PHONE_1> that their input does not contain, so no model can produce it: edit traffic.expectations_by_slice.pii.0'],
      expect.arrayContaining(['error', 2, 'traffic']),
    ]);
  });

  it('an expectation every recorded production answer of a slice fails: a warning naming slice, expectation and count', () => {
    // Each case its own value: `contains` is still the same expectation of the slice.
    const cases = ['x1', 'x2', 'x3'].map((id, i) => c(id, `    slice: refunds\n${recorded('Your refund is on its way.')}`, `      - type: contains\n        value: R-10${i}\n      - type: no_refusal\n`)).join('');
    const file = suite(`name: s\ncases:\n${cases}`);
    const lint = lintSuite(file, store, ws.config);
    expect(only(lint.findings, 'baseline-fails-expectation')).toEqual([
      expect.objectContaining({ severity: 'warning', file, line: 10, field: 'cases.0.expectations.0', case_id: 'x1', slice: 'refunds', message: expect.stringMatching(/^all 3 case\(s\) of slice refunds fail `contains` on production's recorded answer/) }),
    ]);
    // Two cases are below the threshold (3 by default), and one passing case clears the slice.
    expect(only(lintSuite(file, store, ws.config, { minFailingCases: 4 }).findings, 'baseline-fails-expectation')).toEqual([]);
    const mixed = suite(`name: s\ncases:\n${cases}${c('x4', `    slice: refunds\n${recorded('Refund R-100 is on its way.')}`, '      - type: contains\n        value: R-100\n')}`);
    expect(only(lintSuite(mixed, store, ws.config).findings, 'baseline-fails-expectation')).toEqual([]);
  });

  it('a slice the suite names with neither imported traffic nor cases: a warning on its line', () => {
    const file = suite(`name: s\ntraffic:\n  slices: [billing, refnuds]\n  expectations_by_slice:\n    shipping:\n      - type: no_refusal\npairwise_judge:\n  rubric: Which is better?\n  slices: [pii, returns]\ncases:\n${c('a', '    slice: returns\n')}`);
    const lint = lintSuite(file, store, ws.config);
    expect(only(lint.findings, 'empty-slice')).toEqual([
      expect.objectContaining({ severity: 'warning', file, line: 3, field: 'traffic.slices.1', case_id: null, slice: 'refnuds', message: expect.stringMatching(/^slice refnuds has no imported traffic and no case/) }),
      expect.objectContaining({ severity: 'warning', file, line: 5, field: 'traffic.expectations_by_slice.shipping', slice: 'shipping' }),
    ]);
  });

  it('every duplicate id and every expectation that cannot be scored: errors with line, field and case', () => {
    const file = suite(`name: s\ncases:\n${c('a', '')}${c('a', '')}${c('b', '', '      - type: regex\n        pattern: "(x"\n      - type: json_schema\n        schema: { type: 12 }\n')}${c('a', '')}`);
    const lint = lintSuite(file, store, ws.config);
    expect(lint.findings.filter((f) => f.severity === 'error').map((f) => [f.rule, f.line, f.field, f.case_id])).toEqual([
      ['duplicate-id', 10, 'cases.1.id', 'a'],
      ['invalid-expectation', 23, 'cases.2.expectations.0.pattern', 'b'],
      ['invalid-expectation', 25, 'cases.2.expectations.1.schema', 'b'],
      ['duplicate-id', 26, 'cases.3.id', 'a'],
    ]);
    expect(lint.findings[0]!.message).toBe('duplicate case id "a" (first used by cases.0, line 3)');
  });

  it('drafts awaiting review (info), no active case (warning), and a file that does not validate (one error)', () => {
    const file = suite(`name: s\ncases:\n${c('d1', '    status: draft\n')}${c('r1', '    status: retired\n')}`);
    const lint = lintSuite(file, store, ws.config);
    expect(lint.findings.map((f) => [f.severity, f.rule, f.line, f.field, f.case_id])).toEqual([
      ['warning', 'no-active-cases', 2, 'cases', null],
      ['info', 'draft-awaiting-review', 4, 'cases.0.status', 'd1'],
    ]);
    expect([lint.errors, lint.warnings, lint.infos]).toEqual([0, 1, 1]);
    const broken = suite(`name: s\ncases:\n${c('a', '    staus: draft\n')}`);
    expect(lintSuite(broken, store, ws.config)).toMatchObject({ name: null, errors: 1, findings: [{ rule: 'invalid-suite', line: 4, field: 'cases.0.staus', message: 'unknown key `staus` — did you mean `status`?' }] });
  });

  it('the shipped suite over this traffic: the old pii labels, and the slices it names that have no traffic and no case', () => {
    const lint = lintSuite(join(dir, 'evals', 'suites', 'support-bot.yaml'), store, ws.config);
    expect(lint.findings.map((f) => `${f.severity} ${f.rule} ${f.slice}`)).toEqual(['warning placeholder-in-expectation pii', 'error placeholder-in-expectation pii', 'warning empty-slice refunds', 'warning empty-slice account', 'warning empty-slice doc_qa', 'warning empty-slice tool_use']);
  });
});

describe('listSuites and suite show', () => {
  it('lists every suite file with its counts by status and slices, a broken one with its error', () => {
    const dir2 = mkdtempSync(join(tmpdir(), 'cg-list-'));
    try {
      initWorkspace(dir2);
      const config = openWorkspace(dir2).config;
      writeFileSync(join(dir2, 'evals', 'suites', 'mine.yaml'), `name: mine\ncases:\n${c('a', '    slice: pii\n    status: draft\n')}${c('b', '    slice: billing\n')}`);
      writeFileSync(join(dir2, 'evals', 'suites', 'broken.yaml'), 'name: Broken Name\n');
      const list = listSuites(dir2, config);
      expect(list.map((s) => s.file)).toEqual(['evals/suites/broken.yaml', 'evals/suites/mine.yaml', 'evals/suites/support-bot.yaml']);
      expect(list[0]).toMatchObject({ name: null, error: expect.stringMatching(/broken\.yaml:1: name: lowercase letters/) });
      expect(list[1]).toMatchObject({ name: 'mine', cases: 2, by_status: { draft: 1, active: 1, retired: 0 }, slices: ['billing', 'pii'], traffic_slices: null, is_default: false });
      expect(list[2]).toMatchObject({ name: 'support-bot', cases: 2, by_status: { draft: 0, active: 2, retired: 0 }, is_default: true, traffic_slices: expect.arrayContaining(['pii']) });
      const store2 = openStore(openWorkspace(dir2).databaseFile);
      const show = showSuite(join(dir2, 'evals', 'suites', 'mine.yaml'), dir2, store2, config);
      expect(show).toMatchObject({
        name: 'mine',
        file: 'evals/suites/mine.yaml',
        by_status: { draft: 1, active: 1, retired: 0 },
        by_slice: { pii: { draft: 1, active: 0, retired: 0 }, billing: { draft: 0, active: 1, retired: 0 } },
        cases: [{ id: 'a', status: 'draft', slice: 'pii', expectations: ['contains:hi'] }, { id: 'b', status: 'active' }],
        lint: { errors: 0, infos: 1 },
      });
      store2.close();
    } finally {
      rmSync(dir2, { recursive: true, force: true });
    }
  });
});
