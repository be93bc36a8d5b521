import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../api/dispatch.js';
import type { MethodOutput } from '../../shared/contract/index.js';
import { setReviewer } from '../reviews/index.js';
import { openSuiteWorkspace, PII_SUITE, type SuiteWorkspace } from '../../test-support/suite-workspace.js';

let w: SuiteWorkspace;
beforeEach(() => {
  w = openSuiteWorkspace();
});
afterEach(() => w.close());

async function ok<M extends Parameters<typeof dispatch>[0]>(method: M, input: unknown): Promise<MethodOutput<M & keyof import('../../shared/contract/index.js').Contract>> {
  const r = await dispatch(method, input, w.ctx);
  if (!r.ok) throw new Error(`${method}: ${r.error.code}: ${r.error.message}`);
  return r.value as never;
}
async function fails(method: string, input: unknown): Promise<{ code: string; message: string }> {
  const r = await dispatch(method, input, w.ctx);
  if (r.ok) throw new Error(`${method} answered ok`);
  return r.error;
}

const FILE = 'evals/suites/pii.yaml';

describe('suites.list and suites.cases', () => {
  it('lists the suite files with counts by status and slice, and which traffic a suite selects', async () => {
    const { suites } = await ok('suites.list', {});
    expect(suites.map((s) => s.file)).toEqual(['evals/suites/pii.yaml', 'evals/suites/support-bot.yaml']);
    const pii = suites[0]!;
    expect(pii).toMatchObject({ name: 'pii', cases: 4, by_status: { draft: 1, active: 2, retired: 1 }, traffic_slices: null, error: null, is_default: false });
    // Both pii cases ask for the redaction placeholder <EMAIL_1> their input carries: suite lint's warnings (an echo check).
    expect(pii.lint).toEqual({ errors: 0, warnings: 2 });
    expect(pii.by_slice).toEqual([
      { value: 'billing', count: 2 },
      { value: 'pii', count: 2 },
    ]);
    expect(suites[1]).toMatchObject({ name: 'support-bot', is_default: true, traffic_slices: ['billing', 'refunds', 'account', 'doc_qa', 'unanswerable', 'jailbreak', 'pii', 'tool_use'] });
  });

  it('a broken suite file is listed with its file, line and field', async () => {
    writeFileSync(`${w.dir}/evals/suites/broken.yaml`, 'name: broken\ncases:\n  - id: a\n    input: {messages: [{role: user, content: hi}]}\n    expectations:\n      - type: regex\n        pattern: "(("\n');
    const broken = (await ok('suites.list', {})).suites.find((s) => s.file === 'evals/suites/broken.yaml')!;
    expect(broken.error).toMatch(/broken\.yaml:7: cases\.0\.expectations\.0\.pattern: invalid regular expression/);
    expect((await fails('suites.cases', { file: 'evals/suites/broken.yaml' })).code).toBe('bad_input');
  });

  it('pages, filters, searches and counts each facet under the other filters', async () => {
    const all = await ok('suites.cases', { file: FILE });
    expect(all.rows.map((r) => [r.case_id, r.line, r.status])).toEqual([
      ['pii-1', 6, 'draft'],
      ['pii-2', 24, 'active'],
      ['billing-1', 36, 'active'],
      ['never-run', 47, 'retired'],
    ]);
    expect(all.rows[0]!.expectations).toEqual(['no_refusal', 'contains:<EMAIL_1>']);
    expect(all.rows.map((r) => [r.lint_errors, r.lint_warnings])).toEqual([[0, 1], [0, 1], [0, 0], [0, 0]]);
    expect(all.facets.flagged).toBe(2);
    expect((await ok('suites.cases', { file: FILE, filter: { flagged: true, status: 'active' } })).rows.map((r) => r.case_id)).toEqual(['pii-2']);
    expect(all.rows[0]!.preview).toBe('My e-mail changed, it is <EMAIL_1> now. Can you update it?');
    const pii = await ok('suites.cases', { file: FILE, filter: { slice: 'pii' } });
    expect(pii.rows.map((r) => r.case_id)).toEqual(['pii-1', 'pii-2']);
    expect(pii.total).toBe(2);
    expect(pii.suite_cases).toBe(4);
    // The slice facet still counts every slice; status counts only the pii cases.
    expect(pii.facets.slice).toEqual([
      { value: 'billing', count: 2 },
      { value: 'pii', count: 2 },
    ]);
    expect(pii.facets.status).toEqual([
      { value: 'active', count: 1 },
      { value: 'draft', count: 1 },
    ]);
    expect(pii.facets.tag).toEqual([{ value: 'email', count: 1 }]);
    expect((await ok('suites.cases', { file: FILE, filter: { q: 'INVOICE email' } })).rows.map((r) => r.case_id)).toEqual(['pii-2']);
    expect((await ok('suites.cases', { file: FILE, filter: { severity: 'high' } })).rows.map((r) => r.case_id)).toEqual(['billing-1']);
    const page = await ok('suites.cases', { file: FILE, sort: 'id', offset: 1, limit: 2 });
    expect(page.rows.map((r) => r.case_id)).toEqual(['never-run', 'pii-1']);
    expect(page.total).toBe(4);
  });

  it('refuses a file outside the workspace or not YAML, and says which file is missing', async () => {
    expect(await fails('suites.cases', { file: '../outside.yaml' })).toMatchObject({ code: 'bad_input', message: 'file: a suite file must be inside the workspace' });
    expect((await fails('suites.cases', { file: '/etc/passwd' })).code).toBe('bad_input');
    expect((await fails('suites.cases', { file: 'evals/suites/none.yaml' })).message).toContain('no suite file');
  });
});

describe('suites.case and suites.previewExpectation', () => {
  it('one case: its expectations as the file writes them (comments kept), provenance, and the newest run that replayed it', async () => {
    const c = await ok('suites.case', { file: FILE, caseId: 'pii-1' });
    expect(c.expectations_yaml).toBe('- type: no_refusal\n# captured with the reviewer label\n- type: contains\n  value: <EMAIL_1>\n');
    expect(c.provenance).toMatchObject({ source: 'capture', file: 'captures/support.jsonl', line: 2, trace_id: 'cap_2', text: 'capture:captures/support.jsonl:2' });
    expect(c.latest_run?.run_id).toBe(w.runId);
    expect(c.latest_run?.baseline.attempts[0]?.output_text).toBe('Done: your contact e-mail is updated. Anything else on your account?');
    expect(c.status).toBe('draft');
    expect(c.findings.map((f) => [f.severity, f.rule, f.field, f.line])).toEqual([
      ['warning', 'placeholder-in-expectation', 'cases.0.expectations.1.value', 19],
      ['info', 'draft-awaiting-review', 'cases.0.status', 8],
    ]);
    expect((await fails('suites.case', { file: FILE, caseId: 'nope' })).code).toBe('not_found');
  });

  it('reads a case\'s expectations from its own lines, and from the whole file when its layout is unusual', async () => {
    expect((await ok('suites.case', { file: FILE, caseId: 'billing-1' })).expectations_yaml).toBe('- type: regex\n  pattern: "refund(ed)?"\n');
    expect((await ok('suites.case', { file: FILE, caseId: 'never-run' })).expectations_yaml).toBe('');
    writeFileSync(w.suiteFile, `${PII_SUITE}  - {id: flow-1, input: {messages: [{role: user, content: hi}]}, expectations: [{type: no_refusal}]}\n`);
    const flow = await ok('suites.case', { file: FILE, caseId: 'flow-1' });
    expect(flow.expectations_yaml).toBe('[{type: no_refusal}]\n');
    const p = await ok('suites.previewExpectation', { file: FILE, caseId: 'flow-1', yaml: flow.expectations_yaml });
    expect(p.problems).toEqual([]);
    expect(p.expectations.map((e) => e.name)).toEqual(['no_refusal']);
  });

  it('the placeholder fails on both arms; the edited expectation passes on both; an infra error is skipped', async () => {
    const before = await ok('suites.previewExpectation', { file: FILE, caseId: 'pii-1', yaml: '- type: contains\n  value: <EMAIL_1>\n' });
    expect(before.run?.run_id).toBe(w.runId);
    expect(before.expectations[0]!.baseline).toEqual([{ attempt: 0, verdict: 'fail', reason: 'missing "<EMAIL_1>"', value: null }]);
    expect(before.expectations[0]!.candidate[0]!.verdict).toBe('fail');
    const after = await ok('suites.previewExpectation', { file: FILE, caseId: 'pii-1', yaml: '# fixed\n- type: contains_any\n  values: [e-mail, email]\n' });
    expect(after.problems).toEqual([]);
    expect(after.expectations.map((e) => [e.name, e.line, e.baseline[0]!.verdict, e.candidate[0]!.verdict])).toEqual([['contains_any:e-mail|email', 2, 'pass', 'pass']]);
    const infra = await ok('suites.previewExpectation', { file: FILE, caseId: 'pii-2', yaml: '- type: pii_leak\n' });
    expect(infra.expectations[0]!.baseline[0]!.verdict).toBe('pass');
    expect(infra.expectations[0]!.candidate[0]).toMatchObject({ verdict: 'skipped', reason: 'no answer to score (HTTP 503)' });
  });

  it('problems come back as data with their line; the valid expectations are still previewed', async () => {
    const typo = await ok('suites.previewExpectation', { file: FILE, caseId: 'pii-1', yaml: '- type: no_refusal\n- type: contains\n  value: x\n  case_sensitiv: true\n' });
    expect(typo.problems).toHaveLength(1);
    expect(typo.problems[0]).toMatchObject({ line: 4, field: '1.case_sensitiv' });
    expect(typo.problems[0]!.message).toContain('case_sensitive');
    expect(typo.expectations.map((e) => e.name)).toEqual(['no_refusal']);
    const regex = await ok('suites.previewExpectation', { file: FILE, caseId: 'pii-1', yaml: '- type: regex\n  pattern: "(("\n' });
    expect(regex.problems[0]).toMatchObject({ line: 2, field: '0.pattern' });
    const syntax = await ok('suites.previewExpectation', { file: FILE, caseId: 'pii-1', yaml: '- type: contains\n  value: [unclosed\n' });
    expect(syntax.problems[0]!.message).toMatch(/^invalid YAML/);
    const unknown = await ok('suites.previewExpectation', { file: FILE, caseId: 'pii-1', yaml: '- type: no_refusal\n- type: contans\n  value: x\n' });
    expect(unknown.problems).toEqual([{ line: 2, field: '1.type', message: 'unknown expectation type "contans": did you mean "contains"?' }]);
    expect(unknown.expectations.map((e) => e.name)).toEqual(['no_refusal']);
    const single = await ok('suites.previewExpectation', { file: FILE, caseId: 'pii-1', yaml: 'type: no_refusal\n' });
    expect(single.expectations.map((e) => e.name)).toEqual(['no_refusal']);
  });

  it('a case no run has replayed says so instead of guessing', async () => {
    const p = await ok('suites.previewExpectation', { file: FILE, caseId: 'never-run', yaml: '- type: no_refusal\n' });
    expect(p.run).toBeNull();
    expect(p.note).toContain('No run has replayed case "never-run" yet');
    expect(p.expectations[0]!.baseline).toEqual([]);
  });
});

describe('suites.saveExpectations', () => {
  it('writes the edited expectations in place: every other line of the file, comments included, stays as it was', async () => {
    const c = await ok('suites.case', { file: FILE, caseId: 'pii-1' });
    const edited = '- type: no_refusal\n# the address is redacted in the input: ask for a confirmation instead\n- type: contains_any\n  values: [e-mail, email]\n';
    const saved = await ok('suites.saveExpectations', { file: FILE, caseId: 'pii-1', yaml: edited, revision: c.revision });
    expect(saved.expectations).toEqual([{ type: 'no_refusal' }, { type: 'contains_any', values: ['e-mail', 'email'] }]);
    expect(saved.revision).not.toBe(c.revision);
    const text = readFileSync(w.suiteFile, 'utf8');
    const expected = PII_SUITE.replace(
      '      - type: no_refusal\n      # captured with the reviewer label\n      - type: contains\n        value: <EMAIL_1>\n',
      '      - type: no_refusal\n      # the address is redacted in the input: ask for a confirmation instead\n      - type: contains_any\n        values: [e-mail, email]\n',
    );
    expect(text).toBe(expected);
    const after = await ok('suites.case', { file: FILE, caseId: 'pii-1' });
    expect(after.expectations_yaml).toBe(edited);
    // The finding is gone once the file no longer has the placeholder.
    expect(after.findings.map((f) => f.rule)).toEqual(['draft-awaiting-review']);
  });

  it('refuses bad text with the file, field and line, and a case changed on disk since it was opened', async () => {
    const before = readFileSync(w.suiteFile, 'utf8');
    const bad = await fails('suites.saveExpectations', { file: FILE, caseId: 'pii-1', yaml: '- type: contains\n  value: ""\n' });
    expect(bad.code).toBe('bad_input');
    expect(bad.message).toMatch(/^evals\/suites\/pii\.yaml: cases\.0\.expectations\.0\.value: .* \(line 2 of the edited expectations\)$/);
    const stale = await fails('suites.saveExpectations', { file: FILE, caseId: 'pii-1', yaml: '- type: no_refusal\n', revision: 'old' });
    expect(stale.message).toContain('changed on disk since it was opened');
    expect(readFileSync(w.suiteFile, 'utf8')).toBe(before);
  });

  it('an empty editor clears the expectations, and the file mode is kept', async () => {
    const mode = statSync(w.suiteFile).mode & 0o777;
    await ok('suites.saveExpectations', { file: FILE, caseId: 'pii-2', yaml: '' });
    expect((await ok('suites.case', { file: FILE, caseId: 'pii-2' })).expectations).toEqual([]);
    expect(readFileSync(w.suiteFile, 'utf8')).toContain('    tags: [email]\n    expectations: []\n');
    expect(statSync(w.suiteFile).mode & 0o777).toBe(mode);
  });
});

describe('suites.setStatus and suites.addCase', () => {
  it('needs the reviewer named, then records who and when in the file', async () => {
    expect(await fails('suites.setStatus', { file: FILE, caseId: 'pii-1', status: 'active' })).toMatchObject({ code: 'bad_input' });
    setReviewer(w.ctx.workspace, 'Ada');
    const r = await ok('suites.setStatus', { file: FILE, caseId: 'pii-1', status: 'active' });
    expect(r.status).toBe('active');
    expect(r.status_history.map((h) => [h.status, h.by])).toEqual([['active', 'Ada']]);
    expect((await ok('suites.list', {})).suites[0]!.by_status).toEqual({ draft: 0, active: 3, retired: 1 });
    expect(readFileSync(w.suiteFile, 'utf8')).toContain('# The first case: its expectation names a redaction placeholder.');
    const again = await fails('suites.setStatus', { file: FILE, caseId: 'pii-1', status: 'active' });
    expect(again.message).toContain('already active');
  });

  it('appends a draft copy of a run case, once', async () => {
    setReviewer(w.ctx.workspace, 'Ada');
    const added = await ok('suites.addCase', { file: 'evals/suites/curated.yaml', from: { runId: w.runId, caseId: 'billing-1' } });
    expect(added).toMatchObject({ file: 'evals/suites/curated.yaml', case_id: 'billing-1', added: true });
    const c = await ok('suites.case', { file: 'evals/suites/curated.yaml', caseId: 'billing-1' });
    expect(c.status).toBe('draft');
    expect(c.status_history.map((h) => [h.status, h.by])).toEqual([['draft', 'Ada']]);
    expect(c.line).toBe(added.line);
    expect((await ok('suites.addCase', { file: 'evals/suites/curated.yaml', from: { runId: w.runId, caseId: 'billing-1' } })).added).toBe(false);
    expect((await fails('suites.addCase', { file: FILE, from: { runId: w.runId, caseId: 'nope' } })).code).toBe('not_found');
    expect((await fails('suites.addCase', { file: FILE, from: { sampleId: 999 } })).code).toBe('not_found');
  });
});
