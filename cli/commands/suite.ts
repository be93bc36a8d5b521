import { relative, resolve, sep } from 'node:path';
import { caseStatusSchema } from '../../shared/domain/suite.js';
import { InputError } from '../../engine/errors.js';
import { readReviewer } from '../../engine/reviews/index.js';
import { createSuiteFromSamples, findSuite, lintSuite, setCaseStatus, showSuite, type LintFinding, type SuiteLint, type SuiteShow } from '../../engine/suites/index.js';
import { openWorkspace, type Workspace } from '../../engine/workspace.js';
import type { CliIo, Command } from '../command.js';
import { openContext, workspaceDir } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { printable } from '../printable.js';
import { renderTable } from '../table.js';
import { positiveInt } from './option-values.js';

const USAGE = [
  'suite create --from-samples [--slice <a,b>] [--sample <n> --by slice [--min-per-slice <k>] [--seed <s>]] [--out <evals/suites/x.yaml>] [--name <n>] [--author <who>]',
  'suite lint [--suite <file or name>] [--json]',
  'suite show [<suite name or file>] [--json]',
  'suite status <case-id> <draft|active|retired> [--suite <file or name>] [--by <who>]',
].join('\n       ');

type Values = Record<string, string | boolean | string[] | undefined>;

/**
 * Who makes a change: the option (`--by` of status, `--author` of create, whose `--by` is the sampling's strata), else
 * the reviewer name kept in the workspace (.canary-gate/local.yaml, the one the blind review asks for), else $USER.
 */
function authorOf(given: unknown, option: string, io: CliIo, workspace: Workspace): { by: string; from: string } {
  if (typeof given === 'string' && given.trim()) return { by: given.trim(), from: option };
  const kept = readReviewer(workspace);
  if (kept) return { by: kept, from: 'the workspace reviewer name' };
  const user = io.env.USER ?? io.env.USERNAME;
  if (user) return { by: user, from: '$USER' };
  throw new InputError(`say who makes the change: ${option} <who> (or keep a reviewer name in the app, or set $USER)`, { field: option });
}

/** The suite a command works on: --suite (a file or a suite name), else the workspace's default suite. */
function suiteFileOf(values: Values, io: CliIo, workspace: Workspace, given?: string): string {
  const name = given ?? (typeof values.suite === 'string' ? values.suite : undefined);
  return name === undefined ? resolve(workspace.root, workspace.config.defaults.suite) : findSuite(workspace.root, workspace.config, name, io.cwd);
}

function shown(path: string, io: CliIo): string {
  const rel = relative(io.cwd, path);
  return (rel.startsWith('..') ? path : rel).split(sep).join('/');
}

function findingLine(f: LintFinding, io: CliIo): string {
  const where = [shown(f.file, io), f.line].filter((x) => x !== null).join(':');
  const what = [f.field, f.case_id !== null ? `case ${f.case_id}` : null].filter((x) => x !== null).join(', ');
  return `${f.severity}: ${where}: ${what ? `${printable(what)}: ` : ''}${printable(f.message)} [${f.rule}]`;
}

/** Errors and warnings one a line; the info findings (drafts awaiting review) as one line with the first ids. */
function printLint(lint: SuiteLint, io: CliIo): void {
  for (const f of lint.findings) if (f.severity !== 'info') io.out(findingLine(f, io));
  const drafts = lint.findings.filter((f) => f.rule === 'draft-awaiting-review');
  if (drafts.length > 0) {
    const ids = drafts.slice(0, 5).map((f) => f.case_id).join(', ');
    io.out(`info: ${drafts.length} draft case(s) await review (${ids}${drafts.length > 5 ? ', …' : ''}): canary-gate suite status <case-id> active|retired`);
  }
  io.out(`${shown(lint.file, io)}: ${lint.errors} error(s), ${lint.warnings} warning(s), ${drafts.length} draft(s) awaiting review`);
}

function printShow(s: SuiteShow, io: CliIo): void {
  io.out(`Suite ${printable(s.name)} (${s.file})${s.description ? ` — ${printable(s.description)}` : ''}`);
  io.out(`Cases in the file: ${s.cases.length} — active ${s.by_status.active}, draft ${s.by_status.draft}, retired ${s.by_status.retired}`);
  if (s.traffic) {
    const by = Object.entries(s.traffic.expectations_by_slice).map(([slice, names]) => `${slice}: ${names.join(', ')}`).join('; ');
    io.out(`Traffic selection (replayed from imported samples): slices ${s.traffic.slices?.join(', ') ?? 'all'}${by ? `; expectations by slice — ${by}` : ''}`);
  }
  if (s.pairwise_judge) io.out('Pairwise judge: yes');
  const slices = Object.entries(s.by_slice).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (slices.length > 0) {
    io.out('');
    io.out(renderTable(['slice', 'active', 'draft', 'retired'], slices.map(([slice, c]) => [printable(slice), String(c.active), String(c.draft), String(c.retired)])));
  }
  if (s.cases.length > 0) {
    io.out('');
    io.out(renderTable(['case', 'status', 'slice', 'severity', 'expectations'], s.cases.map((c) => [printable(c.id), c.status, printable(c.slice ?? '–'), c.severity, printable(c.expectations.join(', ') + (c.has_reference ? ' (+reference)' : ''))])));
  }
  io.out('');
  printLint(s.lint, io);
}

async function create(values: Values, io: CliIo): Promise<number> {
  if (!values['from-samples']) throw new InputError('suite create drafts cases from imported traffic: pass --from-samples', { field: '--from-samples' });
  if (values.by !== undefined && values.by !== 'slice') throw new InputError(`only --by slice is supported, got "${String(values.by)}"`, { field: '--by' });
  const ctx = openContext(values, io);
  try {
    const ws = ctx.workspace;
    const { by, from } = authorOf(values.author, '--author', io, ws);
    const out = resolve(io.cwd, typeof values.out === 'string' ? values.out : resolve(ws.root, 'evals', 'suites', 'from-samples.yaml'));
    const slices = typeof values.slice === 'string' ? values.slice.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
    const sample = values.sample === undefined ? undefined : {
      n: positiveInt(values.sample, 'sample', 1),
      seed: positiveInt(values.seed ?? '1', 'seed', 0),
      minPerSlice: positiveInt(values['min-per-slice'] ?? '0', 'min-per-slice', 0),
    };
    const result = createSuiteFromSamples(ctx.store, ws.config, {
      out,
      root: ws.root,
      by,
      ...(slices ? { slices } : {}),
      ...(sample ? { sample } : {}),
      ...(typeof values.name === 'string' ? { name: values.name } : {}),
    });
    if (values.json) {
      io.out(JSON.stringify({ file: out, created: result.created, changed: result.changed, added: result.added, kept: result.kept.length, selected: result.selected, by_slice: result.bySlice, by }));
      return EXIT.ok;
    }
    const verb = result.created ? 'Wrote' : result.changed ? 'Updated' : 'Unchanged:';
    io.out(`${verb} ${shown(out, io)}: ${result.added.length} new draft case(s), ${result.kept.length} already there (left as they are), from ${result.selected} sample(s)`);
    io.out(`By slice: ${Object.entries(result.bySlice).map(([s, n]) => `${printable(s)} ${n}`).join(', ') || 'none'}`);
    io.out(`Drafted by ${printable(by)} (${from}). Review them, then: canary-gate suite status <case-id> active   (suite lint lists what needs a look)`);
    return EXIT.ok;
  } finally {
    ctx.close();
  }
}

async function lint(values: Values, io: CliIo): Promise<number> {
  const ctx = openContext(values, io);
  try {
    const result = lintSuite(suiteFileOf(values, io, ctx.workspace), ctx.store, ctx.workspace.config);
    if (values.json) io.out(JSON.stringify(result));
    else printLint(result, io);
    return result.errors > 0 ? EXIT.fail : EXIT.ok;
  } finally {
    ctx.close();
  }
}

async function show(values: Values, positionals: string[], io: CliIo): Promise<number> {
  if (positionals.length > 2) throw new InputError('suite show takes one suite (a name or a file)', { field: 'suite' });
  const ctx = openContext(values, io);
  try {
    const file = suiteFileOf(values, io, ctx.workspace, positionals[1]);
    const result = showSuite(file, ctx.workspace.root, ctx.store, ctx.workspace.config);
    if (values.json) io.out(JSON.stringify(result));
    else printShow(result, io);
    return EXIT.ok;
  } finally {
    ctx.close();
  }
}

async function status(values: Values, positionals: string[], io: CliIo): Promise<number> {
  const [, caseId, to] = positionals;
  if (positionals.length !== 3 || !caseId || !to) throw new InputError('usage: canary-gate suite status <case-id> <draft|active|retired> [--suite <file>]', { field: 'status' });
  const parsed = caseStatusSchema.safeParse(to);
  if (!parsed.success) throw new InputError(`unknown status "${to}" (one of ${caseStatusSchema.options.join(', ')})`, { field: 'status' });
  const ws = openWorkspace(workspaceDir(values, io));
  const file = suiteFileOf(values, io, ws);
  const { by, from } = authorOf(values.by, '--by', io, ws);
  const r = setCaseStatus(file, caseId, parsed.data, by);
  if (values.json) io.out(JSON.stringify({ file, case_id: r.caseId, from: r.from, to: r.to, by: r.by, at: r.at, line: r.line ?? null }));
  else io.out(`${shown(file, io)}${r.line !== undefined ? `:${r.line}` : ''}: case ${printable(r.caseId)} ${r.from} → ${r.to}, by ${printable(r.by)} (${from}) at ${r.at}`);
  return EXIT.ok;
}

/** `canary-gate suite`: draft cases from imported traffic, lint a suite, show one, move a case through its lifecycle. */
export const suiteCommand: Command = {
  name: 'suite',
  summary: 'suite create --from-samples: draft cases from imported traffic; suite lint: find expectations that cannot be met; suite show; suite status: draft → active → retired',
  usage: USAGE,
  options: {
    'from-samples': { type: 'boolean', default: false },
    slice: { type: 'string' },
    sample: { type: 'string' },
    by: { type: 'string' },
    'min-per-slice': { type: 'string' },
    seed: { type: 'string' },
    out: { type: 'string' },
    name: { type: 'string' },
    suite: { type: 'string' },
    author: { type: 'string' },
  },
  allowPositionals: true,
  async run({ values, positionals }, io) {
    switch (positionals[0]) {
      case 'create':
        if (positionals.length > 1) throw new InputError(`unexpected argument "${positionals[1]}"`, { field: 'create' });
        return create(values, io);
      case 'lint':
        if (positionals.length > 1) throw new InputError(`unexpected argument "${positionals[1]}" (name the suite with --suite)`, { field: 'lint' });
        return lint(values, io);
      case 'show':
        return show(values, positionals, io);
      case 'status':
        return status(values, positionals, io);
      default:
        io.err(`canary-gate suite: usage: canary-gate ${USAGE}`);
        return EXIT.badInput;
    }
  },
};
