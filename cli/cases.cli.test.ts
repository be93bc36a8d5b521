// CLI integration of `canary-gate cases` and `canary-gate case`: spawns the real, built CLI on the demo's replayed
// workspace (simulated endpoints: the candidate fabricates citations and calls tools no recorded result answers).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetail, CaseList } from '../shared/domain/case-review.js';
import type { GateResult } from '../shared/domain/gate-result.js';
import { hasStackTrace, spawnCli } from '../test-support/spawn-cli.js';

let tmp: string;
let gates: GateResult[];
const cli = (...args: string[]) => spawnCli([...args, '--workspace', 'ws'], tmp);
const json = <T>(...args: string[]): T => {
  const res = cli(...args, '--json');
  expect(res.stderr).toBe('');
  expect(res.code).toBe(0);
  return JSON.parse(res.stdout) as T;
};

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'cg-cases-cli-'));
  const demo = spawnCli(['demo', '--out', 'ws'], tmp);
  expect(demo.code).toBe(0);
  gates = (JSON.parse(readFileSync(join(tmp, 'ws', 'gate-report.json'), 'utf8')) as { gates: GateResult[] }).gates;
}, 120_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('canary-gate cases', () => {
  it("lists a gate's regressions: the cases whose candidate fabricated a citation", () => {
    const citation = gates.find((g) => g.name === 'Citation validity')!;
    const list = json<CaseList & { run_id: string }>('cases', '--gate', 'Citation validity', '--change', 'regression', '--limit', '500');
    expect(list.change_metric).toBe('citation_validity');
    expect(list.total).toBeGreaterThan(0);
    // Regressions less improvements over the pairs is the gate's estimate (one attempt per arm: values are 0 or 1).
    const improvements = json<CaseList>('cases', '--gate', 'Citation validity', '--change', 'improvement').total;
    expect(((list.total - improvements) / citation.n) * 100).toBeCloseTo(citation.estimate!, 9);
    for (const r of list.rows) {
      expect(r.slice).toBe('doc_qa');
      expect(r.candidate.failed).toContain('citations');
      expect(r.baseline.failed).not.toContain('citations');
    }
    // The gate's n and its exclusions are the list's used and excluded cases.
    expect(json<CaseList>('cases', '--gate', 'Citation validity').total).toBe(citation.n);
    const unreplayable = json<CaseList>('cases', '--gate', 'Core task success', '--membership', 'excluded_unreplayable');
    expect(unreplayable.total).toBe(gates.find((g) => g.name === 'Core task success')!.details.excluded_unreplayable_tool_call);
    expect(unreplayable.rows.every((r) => r.candidate.status === 'unreplayable')).toBe(true);
  });

  it('prints a table with the total', () => {
    const res = cli('cases', '--gate', 'Citation validity', '--change', 'regression', '--limit', '3');
    expect(res.code).toBe(0);
    const lines = res.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^case\s+slice\s+change\s+baseline\s+candidate\s+failed expectations$/);
    // The demo's doc_qa cases are also graded by a rubric judge (grounded_answer), which fails the same answers.
    expect(lines.slice(2, 5).every((l) => /^traffic-\S+\s+doc_qa\s+regression\s+100% pass\s+0% pass\s+C: citations, grounded_answer$/.test(l))).toBe(true);
    expect(lines.at(-1)).toMatch(/^\d+ of 402 cases of run run-\S+ match \(1–3 shown; change on citation_validity\)\.$/);
  });

  it('filters by slice, failed expectation and search, and pages', () => {
    const docQa = json<CaseList>('cases', '--slice', 'doc_qa', '--limit', '2', '--offset', '1');
    expect(docQa.rows).toHaveLength(2);
    expect(docQa.facets.slice.find((f) => f.value === 'doc_qa')!.count).toBe(docQa.total);
    const failed = json<CaseList>('cases', '--failed', 'citations', '--sort', 'regressions_first');
    expect(failed.rows[0]!.change).toBe('regression');
    const search = json<CaseList>('cases', '--q', '"HTTP 429"');
    expect(search.total).toBeGreaterThan(0);
    expect(search.total).toBeLessThan(402);
  });

  it('refuses bad input with exit 2 and one line', () => {
    for (const [args, message] of [
      [['--change', 'worse'], /--change: .*"regression"\|"improvement".*\(got "worse"\)/],
      [['--gate', 'Nope'], /no gate "Nope" in the latest evaluation of run run-\S+; its gates: "Core task success"/],
      [['--limit', '0'], /--limit: .*(got "0")/],
      [['--run', 'run-nope'], /no run "run-nope"/],
      [['--q', '"(*'], /nothing to search for/],
    ] as const) {
      const res = cli('cases', ...args);
      expect(res.code).toBe(2);
      expect(res.stderr).toMatch(message);
      expect(res.stderr.trim().split('\n')).toHaveLength(1);
      expect(hasStackTrace(res.stderr)).toBe(false);
    }
  });
});

describe('canary-gate case', () => {
  it('shows the input, both answers and each score with its reason', () => {
    const [first] = json<CaseList>('cases', '--gate', 'Citation validity', '--change', 'regression', '--limit', '1').rows;
    const detail = json<CaseDetail>('case', first!.case_id);
    expect(detail.case_id).toBe(first!.case_id);
    const reason = detail.candidate[0]!.scores.find((s) => s.name === 'citations')!.reason;
    expect(reason).toMatch(/^cites sources not in the context: doc-\d+$/);
    const fabricated = reason.split(': ')[1]!;
    expect(detail.candidate[0]!.output_text).toContain(`[${fabricated}]`);
    expect(detail.input.documents.map((d) => d.id)).not.toContain(fabricated);

    const text = cli('case', first!.case_id);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`Case ${first!.case_id} of run `);
    expect(text.stdout).toMatch(/regression on task_success/);
    expect(text.stdout).toContain(`✗ citations [citations, citation_validity, medium]: ${reason}`);
    expect(text.stdout).toMatch(/\n {2}\[user\]\n {4}\S/);
    expect(text.stdout).toMatch(/\nBaseline:\n {2}answered \(\d+ ms, \d+\+\d+ tokens, \$\d\.\d{5}, finish stop\)/);
  });

  it('shows an unreplayable tool call with no recorded result', () => {
    const [stopped] = json<CaseList>('cases', '--unreplayable', '--limit', '1').rows;
    const text = cli('case', stopped!.case_id);
    expect(text.stdout).toMatch(/stopped at a tool call no recorded result matched/);
    expect(text.stdout).toMatch(/→ \w+\(.*\) ⇒ no recorded result/);
  });

  it('refuses an unknown case or a missing id', () => {
    const unknown = cli('case', 'nope');
    expect([unknown.code, unknown.stderr.trim()]).toEqual([2, expect.stringMatching(/^canary-gate case: run run-\S+ has no case "nope"$/)]);
    const none = cli('case');
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/expected one case id, got 0/);
  });
});
