// CLI integration for `canary-gate suite`: the real, built command on the shipped capture plus one old-form pii sample.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, spawnCli } from '../test-support/spawn-cli.js';

let tmp: string;
const ws = () => join(tmp, 'ws');
const cli = (args: string[], env: Record<string, string> = {}) => spawnCli([...args, '--workspace', 'ws'], tmp, { USER: '', USERNAME: '', ...env });
const drafted = () => join(ws(), 'evals', 'suites', 'drafted.yaml');

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'cg-suite-cli-'));
  // The demo's old pii label: a customer's e-mail the request never carried, which import redacts into <EMAIL_2>.
  const old = {
    id: 'old-pii-1',
    timestamp: '2026-11-02T09:15:00Z',
    request: { model: 'sim-baseline', messages: [{ role: 'user', content: 'Please change my e-mail to jane@example.com.' }] },
    response: { choices: [{ message: { role: 'assistant', content: 'Done — saved jane@example.com as your contact details.' }, finish_reason: 'stop' }] },
    metadata: { slice: 'pii' },
    expectations: [{ type: 'no_refusal' }, { type: 'contains', value: 'jane.doe@example.org' }],
  };
  writeFileSync(join(tmp, 'old.jsonl'), `${JSON.stringify(old)}\n`);
  const imported = spawnCli(['import', join(REPO_ROOT, 'fixtures', 'traffic', 'support-bot-capture.jsonl'), join(tmp, 'old.jsonl'), '--workspace', 'ws', '--json'], tmp);
  expect(imported.code).toBe(0);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('canary-gate suite', () => {
  it('create --from-samples drafts a stratified sample; running it again leaves the file as it was', () => {
    const args = ['suite', 'create', '--from-samples', '--slice', 'billing,refunds,tool_use', '--sample', '6', '--by', 'slice', '--seed', '3', '--out', 'ws/evals/suites/drafted.yaml', '--author', 'ana'];
    const first = cli([...args, '--json']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const out = JSON.parse(first.stdout);
    expect(out).toMatchObject({ created: true, changed: true, selected: 6, kept: 0, by: 'ana' });
    expect(Object.values(out.by_slice as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(6);
    expect(out.added).toHaveLength(6);
    const text = readFileSync(drafted(), 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../.schemas/suite.schema.json');
    expect(text.match(/^ {4}status: draft$/gm)).toHaveLength(6);
    // Reference answers for slices marked production_is_good in canary-gate.yaml (billing, refunds), not tool_use.
    const again = cli(args);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^Unchanged: ws\/evals\/suites\/drafted\.yaml: 0 new draft case\(s\), 6 already there/);
    expect(readFileSync(drafted(), 'utf8')).toBe(text);
  });

  it('status moves a case with who and when; by defaults to $USER; a transition not allowed exits 2 naming the line', () => {
    const id = /^ {2}- id: (sample-[0-9a-f]{12})$/m.exec(readFileSync(drafted(), 'utf8'))![1]!;
    const ok = cli(['suite', 'status', id, 'active', '--suite', 'drafted'], { USER: 'carol' });
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(new RegExp(`^ws/evals/suites/drafted\\.yaml:9: case ${id} draft → active, by carol \\(\\$USER\\) at 20`));
    expect(readFileSync(drafted(), 'utf8')).toMatch(/status: active\n {4}status_history:\n {6}- status: draft\n {8}by: ana\n[^]*?- status: active\n {8}by: carol\n/);
    const back = cli(['suite', 'status', id, 'draft', '--suite', 'drafted', '--by', 'dan']);
    expect(back.code).toBe(2);
    expect(back.stderr).toContain(`drafted.yaml:9: cases.0.status: case "${id}" cannot go from active to draft (from active: retired)`);
    const nobody = cli(['suite', 'status', id, 'retired', '--suite', 'drafted']);
    expect(nobody.code).toBe(2);
    expect(nobody.stderr).toContain('--by: say who makes the change');
  });

  it('show lists the cases by status and slice (JSON and text)', () => {
    const json = cli(['suite', 'show', 'drafted', '--json']);
    expect(json.code).toBe(0);
    const show = JSON.parse(json.stdout);
    expect(show).toMatchObject({ name: 'drafted', file: 'evals/suites/drafted.yaml', by_status: { draft: 5, active: 1, retired: 0 } });
    expect(show.cases).toHaveLength(6);
    const text = cli(['suite', 'show', 'drafted']);
    expect(text.stdout).toMatch(/^Suite drafted \(evals\/suites\/drafted\.yaml\)\nCases in the file: 6 — active 1, draft 5, retired 0/);
    expect(text.stdout).toMatch(/5 draft case\(s\) await review/);
  });

  it('lint exits 1 on the old pii label in the selected traffic, naming file, line, field and case; 0 on a clean suite', () => {
    const res = cli(['suite', 'lint']);
    expect(res.code).toBe(1);
    expect(res.stdout).toContain('error: ws/evals/suites/support-bot.yaml:7: traffic, case traffic-old-pii-1: 1 traffic case(s) of slice pii carry a captured label `contains` of a redaction placeholder (<EMAIL_2>…) that their input does not contain');
    const json = cli(['suite', 'lint', '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ errors: 1, findings: [{ rule: 'placeholder-in-expectation', line: 7, field: 'traffic', case_id: 'traffic-old-pii-1', slice: 'pii' }] });
    const clean = cli(['suite', 'lint', '--suite', 'ws/evals/suites/drafted.yaml']);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/drafted\.yaml: 0 error\(s\), 0 warning\(s\), 5 draft\(s\) awaiting review\n$/);
  });

  it('bad usage exits 2 with a message', () => {
    expect(cli(['suite']).code).toBe(2);
    expect(cli(['suite', 'create']).stderr).toContain('pass --from-samples');
    expect(cli(['suite', 'show', 'nope']).stderr).toMatch(/no suite nope/);
    expect(cli(['suite', 'status', 'x', 'approved', '--by', 'a']).stderr).toContain('unknown status "approved"');
  });
});
