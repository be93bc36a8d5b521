import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../engine/api/dispatch.js';
import { importIntoWorkspace } from '../engine/importers/import-into-workspace.js';
import { setReviewer } from '../engine/reviews/index.js';
import { REPO_ROOT } from '../test-support/spawn-cli.js';
import { openSuiteWorkspace } from '../test-support/suite-workspace.js';
import { itAnswersAlike, serveForParity, type ParityCall } from './transport-parity-harness.js';

const FILE = 'evals/suites/pii.yaml';

const parity = serveForParity('canary-gate-parity-suites-', () => openSuiteWorkspace('canary-gate-parity-suites-ws-'), async ({ ctx }) => {
  const imported = await importIntoWorkspace(ctx.workspace, ctx.store, { paths: [join(REPO_ROOT, 'fixtures', 'traffic', 'support-bot-capture.jsonl')] });
  expect(imported.imported).toBe(400);
  // A suite that selects the pii traffic and asks every answer for the redaction placeholder: lint's file finding.
  writeFileSync(
    join(ctx.workspace.root, 'evals', 'suites', 'traffic-pii.yaml'),
    'name: traffic-pii\ntraffic:\n  slices: [pii]\n  expectations_by_slice:\n    pii:\n      - type: contains\n        value: <EMAIL_1>\n',
  );
});
const runId = () => parity.fixture.runId;

// Read-only calls (and calls refused before writing): each must answer the same in-process and over HTTP.
const calls: ParityCall[] = [
  { name: 'suites.list', method: 'suites.list', input: () => ({}), expectOk: true },
  { name: 'suites.cases with defaults', method: 'suites.cases', input: () => ({ file: FILE }), expectOk: true },
  { name: 'suites.cases by slice, sorted, paged', method: 'suites.cases', input: () => ({ file: FILE, filter: { slice: 'pii' }, sort: 'status', offset: 1, limit: 1 }), expectOk: true },
  { name: 'suites.cases searched', method: 'suites.cases', input: () => ({ file: FILE, filter: { q: 'invoice' } }), expectOk: true },
  { name: 'suites.cases of the default suite', method: 'suites.cases', input: () => ({ file: 'evals/suites/support-bot.yaml' }), expectOk: true },
  { name: 'suites.cases of a traffic selection', method: 'suites.cases', input: () => ({ file: 'evals/suites/traffic-pii.yaml' }), expectOk: true },
  { name: 'suites.cases of a missing file', method: 'suites.cases', input: () => ({ file: 'evals/suites/none.yaml' }), expectOk: false },
  { name: 'suites.case with its latest run', method: 'suites.case', input: () => ({ file: FILE, caseId: 'pii-1' }), expectOk: true },
  { name: 'suites.case never replayed', method: 'suites.case', input: () => ({ file: FILE, caseId: 'never-run' }), expectOk: true },
  { name: 'suites.case missing', method: 'suites.case', input: () => ({ file: FILE, caseId: 'nope' }), expectOk: false },
  { name: 'suites.previewExpectation failing on both arms', method: 'suites.previewExpectation', input: () => ({ file: FILE, caseId: 'pii-1', yaml: '- type: contains\n  value: <EMAIL_1>\n' }), expectOk: true },
  { name: 'suites.previewExpectation with a problem', method: 'suites.previewExpectation', input: () => ({ file: FILE, caseId: 'pii-1', yaml: '- type: contans\n  value: x\n' }), expectOk: true },
  { name: 'suites.previewExpectation with no run', method: 'suites.previewExpectation', input: () => ({ file: FILE, caseId: 'never-run', yaml: '- type: no_refusal\n' }), expectOk: true },
  { name: 'suites.saveExpectations with bad text', method: 'suites.saveExpectations', input: () => ({ file: FILE, caseId: 'pii-1', yaml: '- type: regex\n  pattern: "(("\n' }), expectOk: false },
  { name: 'suites.saveExpectations on a stale revision', method: 'suites.saveExpectations', input: () => ({ file: FILE, caseId: 'pii-1', yaml: '- type: no_refusal\n', revision: 'stale' }), expectOk: false },
  { name: 'suites.setStatus to the status it has', method: 'suites.setStatus', input: () => ({ file: FILE, caseId: 'pii-2', status: 'active' }), expectOk: false },
  { name: 'suites.addCase from a missing sample', method: 'suites.addCase', input: () => ({ file: FILE, from: { sampleId: 99999 } }), expectOk: false },
  { name: 'suites.addCase from a missing run case', method: 'suites.addCase', input: () => ({ file: FILE, from: { runId: runId(), caseId: 'nope' } }), expectOk: false },
  { name: 'bad input: a file outside the workspace', method: 'suites.cases', input: () => ({ file: '../../etc/x.yaml' }), expectOk: false },
  { name: 'bad input: not a YAML file', method: 'suites.case', input: () => ({ file: 'canary-gate.db', caseId: 'x' }), expectOk: false },
  { name: 'bad input: an unknown status', method: 'suites.setStatus', input: () => ({ file: FILE, caseId: 'pii-1', status: 'gone' }), expectOk: false },
  // Re-scoring writes scores, but the same scores each time: both transports answer alike.
  { name: 'runs.rescore with the stored expectations (the run has no suite file on record)', method: 'runs.rescore', input: () => ({ runId: runId() }), expectOk: true },
  { name: 'runs.rescore with the file of another suite', method: 'runs.rescore', input: () => ({ runId: runId(), file: FILE }), expectOk: false },
  { name: 'runs.rescore with a file outside the workspace', method: 'runs.rescore', input: () => ({ runId: runId(), file: '../x.yaml' }), expectOk: false },
  { name: 'runs.rescore of a missing run', method: 'runs.rescore', input: () => ({ runId: 'run-nope' }), expectOk: false },
];

describe('transport parity for the Suites screen: in-process dispatch vs HTTP server + renderer HttpClient', () => {
  itAnswersAlike(calls, parity);

  it('runs.rescore says which expectations scored the run and what the scores came to, without any model call', async () => {
    const r = await parity.client.call('runs.rescore', { runId: runId() });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value).toMatchObject({ runId: runId(), suite: null, storedBecause: 'the run has no suite file on record', casesChanged: 0, results: 5, failed: 3, errors: 0 });
    expect(r.value.versions).toEqual({ 'catalogue/contains@1': 3 });
    const other = await parity.client.call('runs.rescore', { runId: runId(), file: FILE });
    expect(other.ok ? null : other.error).toMatchObject({ code: 'bad_input' });
  });

  it('a suite shows what lint finds in the traffic it selects (no row of its file shows those cases)', async () => {
    const r = await parity.client.call('suites.cases', { file: 'evals/suites/traffic-pii.yaml' });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.total).toBe(0);
    const placeholder = r.value.file_findings.filter((f) => f.rule === 'placeholder-in-expectation');
    // Half the pii requests carry an e-mail (<EMAIL_1> can be echoed: a warning), half do not (it cannot be met: an error).
    expect(placeholder.map((f) => [f.severity, f.field, f.line])).toEqual([['warning', 'traffic.expectations_by_slice.pii.0', 6], ['error', 'traffic.expectations_by_slice.pii.0', 6]]);
    expect(placeholder[1]!.message).toContain('20 traffic case(s) of slice pii are asked by traffic.expectations_by_slice.pii.0 (`contains`) for the redaction placeholder <EMAIL_1> that their input does not contain');
    const list = await parity.client.call('suites.list', {});
    expect(list.ok && list.value.suites.find((s) => s.file === 'evals/suites/traffic-pii.yaml')!.lint).toEqual({ errors: 1, warnings: 1 });
  });

  it('writes through either transport the same way: status, expectations, a sample added', async () => {
    setReviewer(parity.ctx.workspace, 'Ada');
    const viaHttp = await parity.client.call('suites.setStatus', { file: FILE, caseId: 'pii-1', status: 'active' });
    if (!viaHttp.ok) throw new Error(viaHttp.error.message);
    expect(viaHttp.value.status_history.map((h) => [h.status, h.by])).toEqual([['active', 'Ada']]);
    const direct = await dispatch('suites.setStatus', { file: FILE, caseId: 'pii-1', status: 'retired' }, parity.ctx);
    expect(direct.ok && direct.value.status_history.map((h) => h.status)).toEqual(['active', 'retired']);

    const c = await parity.client.call('suites.case', { file: FILE, caseId: 'pii-2' });
    if (!c.ok) throw new Error(c.error.message);
    const saved = await parity.client.call('suites.saveExpectations', { file: FILE, caseId: 'pii-2', yaml: '- type: contains_any\n  values: [invoice]\n', revision: c.value.revision });
    expect(saved.ok).toBe(true);
    expect(readFileSync(parity.fixture.suiteFile, 'utf8')).toContain('    expectations:\n      - type: contains_any\n        values: [invoice]\n    input:');
    const after = await dispatch('suites.previewExpectation', { file: FILE, caseId: 'pii-2', yaml: '- type: contains_any\n  values: [invoice]\n' }, parity.ctx);
    expect(after.ok && after.value.expectations[0]!.baseline[0]!.verdict).toBe('pass');

    const added = await parity.client.call('suites.addCase', { file: 'evals/suites/curated.yaml', from: { sampleId: 2 } });
    if (!added.ok) throw new Error(added.error.message);
    expect(added.value).toMatchObject({ file: 'evals/suites/curated.yaml', added: true });
    expect(added.value.case_id).toMatch(/^sample-[0-9a-f]{12}$/);
    const drafted = await dispatch('suites.case', { file: 'evals/suites/curated.yaml', caseId: added.value.case_id }, parity.ctx);
    expect(drafted.ok && [drafted.value.status, drafted.value.slice, drafted.value.provenance?.sample_id]).toEqual(['draft', 'pii', 2]);
  });
});
