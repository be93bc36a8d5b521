import type { MethodInput } from '../../../shared/contract/index.js';
import type { CaseDetail, CaseFacets, CaseList, CaseRow } from '../../../shared/domain/case-review.js';
import type { RunDetail } from '../../../shared/domain/run.js';
import type { Vote, VoteSummary } from '../../../shared/domain/review-votes.js';
import type { Responder } from './fake-client.js';

// A run of many cases for the case list and blind review tests: rows made from their index, so any page
// of a 100,000-case run can be answered without building it.

export const RUN_ID = 'run-20261102-091500-a1b2';

export const caseRun: RunDetail = {
  id: RUN_ID,
  created_at: '2026-11-02T09:15:00.000Z',
  status: 'completed',
  suite: { name: 'support-bot', digest: 'sha256:aaaabbbbccccddddeeee' },
  baseline: { name: 'baseline', model: 'sim-baseline', fingerprint: 'sha256:1111aaaa', simulated: true },
  candidate: { name: 'candidate', model: 'gpt-4.1-mini', fingerprint: 'sha256:2222bbbb', simulated: false },
  cases: 400,
  results: 800,
  infra_errors: 0,
  unreplayable_tool_calls: 0,
  verdict: 'FAIL',
  expected_calls: 800,
  missing_calls: 0,
  gate: null,
  gate_evaluated_at: null,
};

/** The case id at a position: case-0001, case-0002, … */
export const caseIdAt = (i: number) => `case-${String(i + 1).padStart(4, '0')}`;

/** A list row made from its position. */
export function rowAt(i: number): CaseRow {
  const regression = i % 3 === 0;
  return {
    case_id: caseIdAt(i),
    index: i,
    slice: i % 2 === 0 ? 'billing' : 'shipping',
    tags: [],
    severity: 'high',
    origin: 'traffic',
    change: regression ? 'regression' : 'both_pass',
    preview: `Question number ${i + 1} about a refund`,
    baseline: { status: 'ok', passed: 1, latency_ms: 800, cost_usd: 0.001, failed: [] },
    candidate: { status: 'ok', passed: regression ? 0 : 1, latency_ms: 1200, cost_usd: 0.0012, failed: regression ? ['cites-sources'] : [] },
    latency_ratio: 1.5,
    cost_ratio: 1.2,
  };
}

export const facets: CaseFacets = {
  slice: [
    { value: 'billing', count: 200 },
    { value: 'shipping', count: 200 },
  ],
  tag: [],
  severity: [{ value: 'high', count: 400 }],
  origin: [{ value: 'traffic', count: 400 }],
  change: [
    { value: 'regression', count: 134 },
    { value: 'both_pass', count: 266 },
  ],
  failed: [{ value: 'cites-sources', count: 134 }],
  category: [{ value: 'citation_validity', count: 134 }],
  infra: 0,
  unreplayable: 0,
};

/** cases.list over a run of `total` cases (every filter matches them all, so paging is what is tested). */
export function caseList(total: number, input: MethodInput<'cases.list'>): CaseList {
  const offset = input.offset ?? 0;
  const limit = input.limit ?? 100;
  const rows: CaseRow[] = [];
  for (let i = offset; i < Math.min(total, offset + limit); i += 1) rows.push(rowAt(i));
  return { rows, total, run_cases: total, facets, change_metric: 'citation_validity' };
}

/** A case with a word-level difference, a fabricated citation, a tool call with its recorded result and two attempts. */
export function caseDetail(caseId: string): CaseDetail {
  const score = (name: string, passed: boolean, reason: string) => ({ name, scorer: name === 'cites-sources' ? 'citations' : 'regex', passed, severity: 'high' as const, category: 'citation_validity' as const, reason });
  const attempt = (attempt: number, text: string, scores: ReturnType<typeof score>[], latency: number) => ({
    attempt,
    status: 'ok' as const,
    unreplayable_tool_call: false,
    output_text: text,
    finish_reason: 'stop',
    tool_calls: [{ id: 'call_1', name: 'lookup_order', arguments: '{"order":"A17"}', result: '{"status":"shipped"}' }],
    error: null,
    latency_ms: latency,
    prompt_tokens: 120,
    completion_tokens: 40,
    cost_usd: 0.0012,
    scores,
  });
  return {
    run_id: RUN_ID,
    case_id: caseId,
    index: Number(caseId.slice(5)) - 1,
    slice: 'billing',
    tags: ['refunds'],
    severity: 'high',
    origin: 'traffic',
    status: 'active',
    provenance: null,
    cluster: null,
    change: 'regression',
    input: {
      messages: [
        { role: 'system', text: 'You are a support bot.', name: null, tool_calls: [] },
        { role: 'user', text: `Where is my refund? (${caseId})`, name: null, tool_calls: [] },
      ],
      tools: [{ type: 'function', function: { name: 'lookup_order', description: 'Finds an order' } }],
      tool_results: [{ name: 'lookup_order', arguments: '{"order":"A17"}', content: '{"status":"shipped"}' }],
      documents: [
        { id: 'kb-1', title: 'Refund policy', text: 'Refunds take 5 days.' },
        { id: 'kb-2', title: 'Shipping', text: 'Parcels ship in 2 days.' },
      ],
      params: {},
    },
    expectations: [],
    baseline: [
      attempt(1, 'Your refund takes 5 days [kb-1].', [score('cites-sources', true, 'cites kb-1'), score('no-apology', true, 'no match')], 800),
      attempt(2, 'Refunds take 5 days [kb-1].', [score('cites-sources', true, 'cites kb-1'), score('no-apology', true, 'no match')], 820),
    ],
    candidate: [
      attempt(1, 'Your refund takes 7 days [kb-9].', [score('no-apology', true, 'no match'), score('cites-sources', false, 'fabricated citation kb-9')], 1200),
      attempt(2, 'Your refund takes 5 days [kb-1].', [score('no-apology', true, 'no match'), score('cites-sources', true, 'cites kb-1')], 1100),
    ],
  };
}

export const voteSummary: VoteSummary = {
  run_id: RUN_ID,
  votes: 9,
  cases_voted: 8,
  reviewers: [
    { reviewer: 'Ana', votes: 5 },
    { reviewer: 'Ben', votes: 4 },
  ],
  counts: { baseline: 3, candidate: 5, tie: 1, both_bad: 0 },
  candidate_preference: { estimate: 0.625, lower: 0.306, upper: 0.863, level: 0.95, method: 'wilson' },
  tie_rate: { estimate: 0.111, lower: 0.02, upper: 0.43, level: 0.95, method: 'wilson' },
  both_bad_rate: { estimate: 0, lower: 0, upper: 0.3, level: 0.95, method: 'wilson' },
  agreement: { estimate: 0.5, lower: -0.1, upper: 1, level: 0.95, method: 'fleiss-cohen-everitt', statistic: 'cohen_kappa', raters: 2, items: 1 },
};

/** A fake engine for a run of `total` cases, with `votes` already cast by the reviewer. */
export function caseResponders(total: number, opts: { reviewer?: string | null; votes?: Vote[] } = {}): Responder {
  const votes = [...(opts.votes ?? [])];
  let reviewer = opts.reviewer ?? null;
  return {
    'workspace.info': () => ({ ok: true, value: { root: '/work/demo', database: '/work/demo/.canary-gate/canary-gate.db', version: '0.1.0', reviewer } }),
    'workspace.setReviewer': (input) => {
      reviewer = input.reviewer;
      return { ok: true, value: { reviewer: input.reviewer } };
    },
    'runs.list': () => ({ ok: true, value: { runs: [caseRun], total: 1 } }),
    'runs.get': () => ({ ok: true, value: caseRun }),
    'cases.list': (input) => ({ ok: true, value: caseList(total, input) }),
    'cases.get': (input) => ({ ok: true, value: caseDetail(input.caseId) }),
    'reviews.list': (input) => ({ ok: true, value: { votes: votes.filter((v) => !input.reviewer || v.reviewer === input.reviewer) } }),
    'reviews.summary': () => ({ ok: true, value: voteSummary }),
    'reviews.vote': (input) => {
      const vote: Vote = {
        reviewer: input.reviewer,
        run_id: input.runId,
        case_id: input.caseId,
        choice: input.choice,
        note: input.note ?? null,
        baseline_side: input.baselineSide,
        voted_at: '2026-11-02T10:00:00.000Z',
      };
      votes.push(vote);
      return { ok: true, value: vote };
    },
  };
}
