import type { CallResult, MethodInput, MethodOutput } from '../../../shared/contract/index.js';
import type { SuiteCaseRow, SuiteSummary } from '../../../shared/domain/suite-view.js';
import type { Responder } from './fake-client.js';

/** Two suite files: a drafted pii suite with lint findings, and the default suite. */
export const suiteSummaries: SuiteSummary[] = [
  {
    file: 'evals/suites/pii.yaml',
    name: 'pii',
    description: null,
    cases: 120,
    by_status: { draft: 100, active: 15, retired: 5 },
    by_slice: [{ value: 'pii', count: 120 }],
    traffic_slices: null,
    lint: { errors: 40, warnings: 0 },
    error: null,
    is_default: false,
  },
  {
    file: 'evals/suites/support-bot.yaml',
    name: 'support-bot',
    description: 'Captured support traffic',
    cases: 2,
    by_status: { draft: 0, active: 2, retired: 0 },
    by_slice: [
      { value: 'jailbreak', count: 1 },
      { value: 'unanswerable', count: 1 },
    ],
    traffic_slices: ['billing', 'pii'],
    lint: { errors: 0, warnings: 0 },
    error: null,
    is_default: true,
  },
];

/** Row i of the pii suite: the first 40 carry the unmeetable `contains: <EMAIL_1>`. */
export function suiteRow(i: number): SuiteCaseRow {
  return {
    case_id: `sample-${String(i).padStart(4, '0')}`,
    index: i,
    line: 7 + i * 60,
    slice: 'pii',
    status: i < 100 ? 'draft' : i < 115 ? 'active' : 'retired',
    origin: 'traffic',
    severity: 'medium',
    tags: [],
    preview: `My e-mail changed to <EMAIL_1> (case ${i})`,
    expectations: i < 40 ? ['no_refusal', 'contains:<EMAIL_1>'] : ['no_refusal'],
    lint_errors: i < 40 ? 1 : 0,
    lint_warnings: 0,
  };
}

export const FLAGGED_YAML = '- type: no_refusal\n- type: contains\n  value: <EMAIL_1>\n';

/** The detail of case 0 of the pii suite, at a revision. */
export function suiteCaseDetail(revision = 'rev-1', yaml = FLAGGED_YAML, status: SuiteCaseRow['status'] = 'draft'): MethodOutput<'suites.case'> {
  return {
    file: 'evals/suites/pii.yaml',
    case_id: 'sample-0000',
    index: 0,
    line: 7,
    slice: 'pii',
    status,
    origin: 'traffic',
    severity: 'medium',
    tags: [],
    cluster: 'session:s1',
    provenance: { source: 'capture', file: 'captures/support.jsonl', line: 2, trace_id: 'cap_2', sample_id: 2, captured_at: '2025-03-03T04:35:35Z', text: 'capture:captures/support.jsonl:2' },
    status_history: [{ status: 'draft', by: 'drafter', at: '2026-12-08T02:00:00Z' }, ...(status === 'draft' ? [] : [{ status, by: 'Ada', at: '2026-12-08T03:00:00Z' }])],
    input: { messages: [{ role: 'user', text: 'My e-mail changed, it is <EMAIL_1> now. Can you update it?', name: null, tool_calls: [] }], tools: [], tool_results: [], documents: [], params: {} },
    reference: null,
    expectations: [{ type: 'no_refusal' }, { type: 'contains', value: '<EMAIL_1>' }],
    expectations_yaml: yaml,
    revision,
    findings: yaml.includes('<EMAIL_1>')
      ? [{ severity: 'error', rule: 'placeholder-in-contains', message: 'contains a redaction placeholder (<EMAIL_1>) that no model can produce', case_id: 'sample-0000', field: 'cases.0.expectations.1.value', line: 12 }]
      : [],
    latest_run: {
      run_id: 'run-1',
      created_at: '2026-12-08T01:00:00Z',
      suite_name: 'support-bot',
      baseline: { model: 'sim-baseline', attempts: [] },
      candidate: { model: 'sim-candidate', attempts: [] },
    },
  };
}

/**
 * A preview that behaves like the engine's on the demo's pii case: `contains: <EMAIL_1>` fails on both arms, any
 * other contains passes, and a misspelled type is a problem on its line.
 */
export function fakePreview(input: MethodInput<'suites.previewExpectation'>): CallResult<MethodOutput<'suites.previewExpectation'>> {
  const lines = input.yaml.split('\n');
  const bad = lines.findIndex((l) => /type: contans/.test(l));
  const problems = bad >= 0 ? [{ line: bad + 1, field: '1.type', message: 'Invalid discriminator value' }] : [];
  const items = lines.flatMap((l, i) => {
    const m = /^- type: (\w+)/.exec(l);
    return m ? [{ type: m[1]!, line: i + 1, value: /value: (.*)$/.exec(lines[i + 1] ?? '')?.[1] ?? null }] : [];
  });
  const verdict = (type: string, value: string | null) =>
    type === 'contains' && value === '<EMAIL_1>'
      ? { attempt: 0, verdict: 'fail' as const, reason: 'missing "<EMAIL_1>"', value: null }
      : { attempt: 0, verdict: 'pass' as const, reason: type === 'contains' ? `contains "${value}"` : 'answered', value: null };
  return {
    ok: true,
    value: {
      problems,
      run: { run_id: 'run-1', created_at: '2026-12-08T01:00:00Z', baseline_model: 'sim-baseline', candidate_model: 'sim-candidate' },
      note: null,
      expectations: items
        .filter((it) => it.type !== 'contans')
        .map((it, index) => ({
          index,
          name: it.type === 'contains' ? `contains:${it.value}` : it.type,
          type: it.type,
          line: it.line,
          baseline: [verdict(it.type, it.value)],
          candidate: [verdict(it.type, it.value)],
        })),
    },
  };
}

/** Answers for every suites.* method over the fixtures above; pass overrides per method. */
export function suiteResponders(): Responder {
  return {
    'runs.list': () => ({ ok: true, value: { runs: [], total: 0 } }),
    'suites.list': () => ({ ok: true, value: { suites: suiteSummaries } }),
    'suites.cases': (input) => {
      const all = Array.from({ length: 120 }, (_, i) => suiteRow(i)).filter((r) => (!input.filter?.status || r.status === input.filter.status) && (!input.filter?.flagged || r.lint_errors > 0));
      const offset = input.offset ?? 0;
      return {
        ok: true,
        value: {
          file: input.file,
          file_findings: [],
          rows: all.slice(offset, offset + (input.limit ?? 100)),
          total: all.length,
          suite_cases: 120,
          facets: {
            status: [
              { value: 'draft', count: 100 },
              { value: 'active', count: 15 },
              { value: 'retired', count: 5 },
            ],
            slice: [{ value: 'pii', count: 120 }],
            origin: [{ value: 'traffic', count: 120 }],
            severity: [{ value: 'medium', count: 120 }],
            tag: [],
            flagged: 40,
          },
        },
      };
    },
    'suites.case': () => ({ ok: true, value: suiteCaseDetail() }),
    'suites.previewExpectation': fakePreview,
  };
}
