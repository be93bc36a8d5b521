import { caseListInputSchema, type AttemptDetail, type CaseDetail, type CaseList, type CaseRow } from '../../shared/domain/case-review.js';
import { getCaseDetail, listCases } from '../../engine/cases/index.js';
import { InputError, NotFoundError } from '../../engine/errors.js';
import type { Store } from '../../engine/store/index.js';
import type { Command } from '../command.js';
import { openContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { renderTable } from '../table.js';

/** The run a command reads: --run, else the newest run of the workspace. */
function runOf(store: Store, values: Record<string, unknown>): string {
  if (typeof values.run === 'string') return values.run;
  const newest = store.runs.list(1, 0).runs[0]?.id;
  if (!newest) throw new NotFoundError('the workspace has no runs yet: run `canary-gate replay` first');
  return newest;
}

/** One line of a table cell: whitespace (newlines included) collapsed, long text cut. */
const cell = (text: string, max = 60) => {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
};

const share = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)}%`);

function armCell(a: CaseRow['baseline']): string {
  return a.status === 'ok' ? `${share(a.passed)} pass` : a.status.replace('_', ' ');
}

function failedCell(r: CaseRow): string {
  const parts = [
    r.baseline.failed.length ? `B: ${r.baseline.failed.join(', ')}` : '',
    r.candidate.failed.length ? `C: ${r.candidate.failed.join(', ')}` : '',
  ].filter(Boolean);
  return cell(parts.join('; ') || '—', 70);
}

const FILTER_OPTIONS = ['slice', 'tag', 'severity', 'origin', 'gate', 'membership', 'change', 'failed', 'category', 'q'] as const;

/** `canary-gate cases`: a run's cases, filtered and sorted as the workbench's case list does. */
export const casesCommand: Command = {
  name: 'cases',
  summary: "List a run's cases with their outcome change and failed expectations, filtered like the workbench's case list",
  usage:
    'cases [--run <id>] [--gate <name> [--membership used|excluded|excluded_infra|excluded_unreplayable]] [--change regression|improvement|both_fail|both_pass|unjudged] [--slice <s>] [--tag <t>] [--severity low|medium|high] [--origin <o>] [--failed <expectation>] [--category <c>] [--infra] [--unreplayable] [--q <text>] [--sort suite|case_id|regressions_first|latency_ratio|cost_ratio|slice] [--limit <n>] [--offset <n>]',
  options: {
    run: { type: 'string' },
    ...Object.fromEntries(FILTER_OPTIONS.map((o) => [o, { type: 'string' as const }])),
    infra: { type: 'boolean' },
    unreplayable: { type: 'boolean' },
    sort: { type: 'string' },
    limit: { type: 'string' },
    offset: { type: 'string' },
  },
  async run({ values }, io) {
    const ctx = openContext(values, io);
    try {
      const runId = runOf(ctx.store, values);
      const filter: Record<string, unknown> = {};
      for (const o of FILTER_OPTIONS) if (typeof values[o] === 'string') filter[o] = values[o];
      if (values.infra !== undefined) filter.infra = values.infra;
      if (values.unreplayable !== undefined) filter.unreplayable = values.unreplayable;
      const parsed = caseListInputSchema.safeParse({
        runId,
        filter,
        ...(typeof values.sort === 'string' ? { sort: values.sort } : {}),
        ...(values.limit !== undefined ? { limit: Number(values.limit) } : {}),
        ...(values.offset !== undefined ? { offset: Number(values.offset) } : {}),
      });
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        const option = String(issue.path.at(-1) ?? 'input');
        const given = values[option];
        throw new InputError(`${issue.message}${given === undefined ? '' : ` (got "${String(given)}")`}`, { field: `--${option}` });
      }
      const list = listCases(ctx.store, parsed.data);
      if (values.json) io.out(JSON.stringify({ run_id: runId, ...list }));
      else io.out(casesText(runId, list, parsed.data.offset));
      return EXIT.ok;
    } finally {
      ctx.close();
    }
  },
};

function casesText(runId: string, list: CaseList, offset: number): string {
  const table = renderTable(
    ['case', 'slice', 'change', 'baseline', 'candidate', 'failed expectations'],
    list.rows.map((r) => [cell(r.case_id, 48), r.slice ?? '—', r.change, armCell(r.baseline), armCell(r.candidate), failedCell(r)]),
  );
  const shown = list.rows.length === 0 ? 'none shown' : `${offset + 1}–${offset + list.rows.length} shown`;
  return `${table}\n\n${list.total} of ${list.run_cases} cases of run ${runId} match (${shown}; change on ${list.change_metric}).`;
}

/** `canary-gate case`: one case of a run — input, both arms' answers, tool calls, scores with their reasons. */
export const caseCommand: Command = {
  name: 'case',
  summary: "Show one case of a run: its input, both arms' answers and tool calls, and every score with its reason",
  usage: 'case [--run <id>] <case-id>',
  options: { run: { type: 'string' } },
  allowPositionals: true,
  async run({ values, positionals }, io) {
    if (positionals.length !== 1) throw new InputError(`expected one case id, got ${positionals.length}: canary-gate case [--run <id>] <case-id>`, { field: 'case-id' });
    const ctx = openContext(values, io);
    try {
      const detail = getCaseDetail(ctx.store, runOf(ctx.store, values), positionals[0]!);
      io.out(values.json ? JSON.stringify(detail) : caseText(detail));
      return EXIT.ok;
    } finally {
      ctx.close();
    }
  },
};

const indent = (text: string, by = '    ') => text.split('\n').map((l) => by + l).join('\n');

function caseText(d: CaseDetail): string {
  const lines = [
    `Case ${d.case_id} of run ${d.run_id} (#${d.index}${d.slice ? `, slice ${d.slice}` : ''}, ${d.severity} severity, ${d.origin}${d.tags.length ? `, tags ${d.tags.join(', ')}` : ''}): ${d.change} on task_success`,
    '',
    'Input:',
  ];
  for (const m of d.input.messages) {
    lines.push(`  [${m.role}${m.name ? ` ${m.name}` : ''}]`, indent(m.text || '(no text)'));
    for (const t of m.tool_calls) lines.push(`    → ${t.name}(${t.arguments})`);
  }
  if (d.input.documents.length) lines.push(`  documents: ${d.input.documents.map((doc) => doc.id).join(', ')}`);
  if (d.input.tool_results.length) lines.push(`  recorded tool results: ${d.input.tool_results.length}`);
  for (const arm of ['baseline', 'candidate'] as const) {
    const attempts = d[arm];
    lines.push('', `${arm === 'baseline' ? 'Baseline' : 'Candidate'}:${attempts.length ? '' : ' no result'}`);
    for (const a of attempts) lines.push(...attemptLines(a, attempts.length > 1));
  }
  return lines.join('\n');
}

function attemptLines(a: AttemptDetail, numbered: boolean): string[] {
  const usage = [
    a.latency_ms === null ? null : `${Math.round(a.latency_ms)} ms`,
    a.prompt_tokens === null ? null : `${a.prompt_tokens}+${a.completion_tokens ?? 0} tokens`,
    a.cost_usd === null ? null : `$${a.cost_usd.toFixed(5)}`,
    a.finish_reason ? `finish ${a.finish_reason}` : null,
  ].filter((x) => x !== null);
  const head = `  ${numbered ? `attempt ${a.attempt}: ` : ''}${a.status === 'ok' ? (a.unreplayable_tool_call ? 'stopped at a tool call no recorded result matched' : 'answered') : 'infra error'}${usage.length ? ` (${usage.join(', ')})` : ''}`;
  const out = [head];
  if (a.error) out.push(`    error: ${a.error}`);
  if (a.output_text) out.push(indent(a.output_text));
  for (const t of a.tool_calls) out.push(`    → ${t.name}(${t.arguments}) ⇒ ${t.result === null ? 'no recorded result' : cell(t.result, 100)}`);
  for (const s of a.scores) out.push(`    ${s.passed ? '✓' : '✗'} ${s.name} [${s.scorer}, ${s.category}, ${s.severity}]: ${s.reason}`);
  return out;
}
