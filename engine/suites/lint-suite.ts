import type { ScorerSpec } from '../../shared/domain/scorer-spec.js';
import type { EvalCase, SuiteFile } from '../../shared/domain/suite.js';
import type { WorkspaceConfig } from '../../shared/domain/target.js';
import { REDACTION_KINDS } from '../../shared/redaction/kinds.js';
import { placeholderPattern } from '../../shared/redaction/text-engine.js';
import { expectationName, isEngineScorer, scoreExpectation } from '../../shared/scorers/score-expectation.js';
import { InputError } from '../errors.js';
import { inputTextOf } from '../scoring/input-text.js';
import type { Store } from '../store/index.js';
import { parseSuiteSource, suiteProblems, trafficCasesOf, type SuiteSource } from './load-suite.js';

/** How sure a finding is: an error fails `suite lint` (exit 1); a warning is likely wrong; info is a to-do. */
export type LintSeverity = 'error' | 'warning' | 'info';

/** The rules `suite lint` applies. */
export type LintRule =
  | 'invalid-suite'
  | 'duplicate-id'
  | 'invalid-expectation'
  | 'placeholder-in-expectation'
  | 'baseline-fails-expectation'
  | 'empty-slice'
  | 'no-active-cases'
  | 'draft-awaiting-review';

/** One finding: what, where (file, line, field), which case, and what to do. */
export interface LintFinding {
  severity: LintSeverity;
  rule: LintRule;
  message: string;
  file: string;
  line: number | null;
  field: string | null;
  /** The case it is about (the first of a group); null for the whole file. */
  case_id: string | null;
  slice: string | null;
}

/** What `suite lint` found in one suite file. */
export interface SuiteLint {
  file: string;
  name: string | null;
  findings: LintFinding[];
  errors: number;
  warnings: number;
  infos: number;
}

/** Options of lintSuite. */
export interface LintOptions {
  /** How many cases of a slice must all fail an expectation on production's recorded answers to warn (default 3). */
  minFailingCases?: number;
}

const PLACEHOLDER_TYPES = new Set(['contains', 'equals', 'starts_with', 'contains_all', 'contains_any']);

/** The values of a text expectation that an answer must produce. */
function requiredValues(spec: ScorerSpec): string[] {
  switch (spec.type) {
    case 'contains':
    case 'equals':
    case 'starts_with':
      return [spec.value];
    case 'contains_all':
    case 'contains_any':
      return spec.values;
    default:
      return [];
  }
}

/** The placeholders the import's redaction writes: the built-in kinds' and the workspace's own patterns' (`<EMAIL_1>`). */
function placeholderRegex(config: WorkspaceConfig): RegExp {
  const labels = [...REDACTION_KINDS, ...config.import.redact_patterns.map((p) => p.name.toUpperCase())];
  return new RegExp(placeholderPattern(labels).source);
}

/** The placeholder an expectation cannot be met for, or undefined: every value of contains_any must carry one. */
function unmeetablePlaceholder(spec: ScorerSpec, placeholders: RegExp): string | undefined {
  if (!PLACEHOLDER_TYPES.has(spec.type)) return undefined;
  const found = requiredValues(spec).map((v) => placeholders.exec(v)?.[0]);
  if (spec.type === 'contains_any') return found.every((f) => f !== undefined) ? found[0] : undefined;
  return found.find((f) => f !== undefined);
}

/** A case with where it sits: a case of the file (its index), or one the traffic selection gives (none). */
interface LocatedCase {
  evalCase: EvalCase;
  index: number | null;
}

function countOf(findings: readonly LintFinding[], severity: LintSeverity): number {
  return findings.filter((f) => f.severity === severity).length;
}

/**
 * Lints a suite file against the workspace's imported traffic: errors for what cannot work (a duplicate id, an
 * expectation that cannot be scored, a redaction placeholder such as `<EMAIL_1>` that an answer is required to
 * contain — no model can produce it), warnings for what is probably wrong (an expectation that every recorded
 * production answer of a slice fails, a slice the suite names that has neither traffic nor cases, no active case),
 * and info for draft cases awaiting review. Every finding names the file, line, field and case. Takes the file's
 * path (`suite lint`: a file that does not validate is one finding), or the file already read and validated (the
 * Suites screen's cached source: a big file is not parsed again).
 */
export function lintSuite(from: string | SuiteSource, store: Store, config: WorkspaceConfig, opts: LintOptions = {}): SuiteLint {
  const file = typeof from === 'string' ? from : from.file;
  let source: SuiteSource;
  try {
    source = typeof from === 'string' ? parseSuiteSource(from) : from;
  } catch (err) {
    if (!(err instanceof InputError) || err.where.file !== file || err.message.startsWith('cannot read')) throw err;
    const finding: LintFinding = { severity: 'error', rule: 'invalid-suite', message: err.message, file, line: err.where.line ?? null, field: err.where.field ?? null, case_id: null, slice: null };
    return { file, name: null, findings: [finding], errors: 1, warnings: 0, infos: 0 };
  }
  const suite = source.value;
  const findings: LintFinding[] = [];
  const at = (path: (string | number)[]) => ({ file, line: source.lineOf(path) ?? null, field: path.join('.') });
  const add = (severity: LintSeverity, rule: LintRule, message: string, path: (string | number)[], caseId: string | null, slice: string | null) =>
    findings.push({ severity, rule, message, ...at(path), case_id: caseId, slice });

  for (const p of suiteProblems(source)) {
    const c = p.caseId !== null ? suite.cases.find((x) => x.id === p.caseId) : undefined;
    add('error', p.rule, p.message, p.path, p.caseId, c?.slice ?? null);
  }

  const { cases: trafficCases } = trafficCasesOf(suite, store);
  const located: LocatedCase[] = [...suite.cases.map((evalCase, index) => ({ evalCase, index })), ...trafficCases.map((evalCase) => ({ evalCase, index: null }))];
  const live = located.filter((c) => c.evalCase.status !== 'retired');
  placeholderFindings(suite, live, placeholderRegex(config), add);
  baselineFindings(suite, live, opts.minFailingCases ?? 3, add);
  emptySliceFindings(suite, store, add);

  if (!suite.traffic && !suite.cases.some((c) => c.status === 'active')) {
    add('warning', 'no-active-cases', 'no active case: nothing of this suite is replayed (make reviewed cases active: canary-gate suite status <case-id> active)', ['cases'], null, null);
  }
  suite.cases.forEach((c, i) => {
    if (c.status === 'draft') add('info', 'draft-awaiting-review', `draft awaiting review: canary-gate suite status ${c.id} active (or retired)`, ['cases', i, 'status'], c.id, c.slice ?? null);
  });
  return { file, name: suite.name, findings, errors: countOf(findings, 'error'), warnings: countOf(findings, 'warning'), infos: countOf(findings, 'info') };
}

type Add = (severity: LintSeverity, rule: LintRule, message: string, path: (string | number)[], caseId: string | null, slice: string | null) => void;

/** Where a traffic case's expectation comes from: the slice's `expectations_by_slice` entry, else the suite's `traffic:`. */
function trafficPath(suite: SuiteFile, slice: string | undefined, spec: ScorerSpec): (string | number)[] {
  const bySlice = slice !== undefined ? suite.traffic?.expectations_by_slice[slice] : undefined;
  const j = bySlice?.findIndex((s) => expectationName(s) === expectationName(spec)) ?? -1;
  return slice !== undefined && j >= 0 ? ['traffic', 'expectations_by_slice', slice, j] : ['traffic'];
}

/**
 * A placeholder inside a value an answer must contain: one finding per expectation of a case in the file; for traffic
 * cases (labels captured with the samples, so no line of their own) one per slice and expectation type.
 */
function placeholderFindings(suite: SuiteFile, cases: readonly LocatedCase[], placeholders: RegExp, add: Add): void {
  const groups = new Map<string, { first: EvalCase; spec: ScorerSpec; placeholder: string; count: number }>();
  for (const { evalCase: c, index } of cases) {
    c.expectations.forEach((spec, j) => {
      const placeholder = unmeetablePlaceholder(spec, placeholders);
      if (placeholder === undefined) return;
      if (index !== null) {
        const field = spec.type === 'contains_all' || spec.type === 'contains_any' ? 'values' : 'value';
        add('error', 'placeholder-in-expectation', `\`${spec.type}\` requires the redaction placeholder ${placeholder}, which no model can produce (the import replaced the real value); expect something the answer can contain, and pii_leak for the leak`, ['cases', index, 'expectations', j, field], c.id, c.slice ?? null);
        return;
      }
      const key = `${c.slice ?? ''}\u0000${spec.type}`;
      const group = groups.get(key);
      if (group) group.count++;
      else groups.set(key, { first: c, spec, placeholder, count: 1 });
    });
  }
  for (const { first, spec, placeholder, count } of groups.values()) {
    add(
      'error',
      'placeholder-in-expectation',
      `${count} traffic case(s) of slice ${first.slice ?? '(none)'} carry a captured label \`${spec.type}\` of a redaction placeholder (${placeholder}…), which no model can produce: fix the labels at the source, or draft the cases into the file (canary-gate suite create --from-samples) and edit them`,
      trafficPath(suite, first.slice, spec),
      first.id,
      first.slice ?? null,
    );
  }
}

/** Every production answer of a slice that carries an expectation fails it: the expectation, not the model, is likely wrong. */
function baselineFindings(suite: SuiteFile, cases: readonly LocatedCase[], minCases: number, add: Add): void {
  const groups = new Map<string, { slice: string | undefined; name: string; first: LocatedCase; path: (string | number)[]; total: number; failed: number; detail: string }>();
  for (const located of cases) {
    const c = located.evalCase;
    if (!c.recorded) continue;
    const output = {
      text: c.recorded.text,
      finishReason: c.recorded.finish_reason,
      toolCalls: c.recorded.tool_calls.map((t) => ({ name: t.name, arguments: t.arguments })),
      latencyMs: c.recorded.latency_ms,
      costUsd: c.recorded.cost_usd,
    };
    const documents = c.input.documents ?? [];
    const context = { documents, inputText: inputTextOf(c.input.messages, documents, c.input.tool_results ?? []), ...(c.reference !== undefined ? { reference: c.reference } : {}) };
    c.expectations.forEach((spec, j) => {
      if (isEngineScorer(spec)) return;
      const score = scoreExpectation(spec, output, context);
      if (score.error !== undefined) return;
      // The same expectation of a slice: by its name when it has one, else by type (each case's `contains` has its own value).
      const name = spec.name ?? spec.type;
      const key = `${c.slice ?? ''}\u0000${name}`;
      let group = groups.get(key);
      if (!group) {
        const path = located.index !== null ? ['cases', located.index, 'expectations', j] : trafficPath(suite, c.slice, spec);
        groups.set(key, (group = { slice: c.slice, name, first: located, path, total: 0, failed: 0, detail: score.detail }));
      }
      group.total++;
      if (!score.passed) group.failed++;
    });
  }
  for (const g of groups.values()) {
    if (g.total < minCases || g.failed < g.total) continue;
    add(
      'warning',
      'baseline-fails-expectation',
      `all ${g.total} case(s) of slice ${g.slice ?? '(none)'} fail \`${g.name}\` on production's recorded answer (e.g. ${g.detail}): check the expectation before gating on it`,
      g.path,
      g.first.evalCase.id,
      g.slice ?? null,
    );
  }
}

/** Slices the suite names (its traffic selection, per-slice settings, pairwise judge) with no imported traffic and no case. */
function emptySliceFindings(suite: SuiteFile, store: Store, add: Add): void {
  const imported = new Set(store.traffic.slices().filter((s) => s.n > 0).map((s) => s.slice));
  const inFile = new Set(suite.cases.map((c) => c.slice));
  const named: [string, (string | number)[]][] = [
    ...(suite.traffic?.slices ?? []).map((s, k): [string, (string | number)[]] => [s, ['traffic', 'slices', k]]),
    ...Object.keys(suite.traffic?.expectations_by_slice ?? {}).map((s): [string, (string | number)[]] => [s, ['traffic', 'expectations_by_slice', s]]),
    ...Object.keys(suite.traffic?.severity_by_slice ?? {}).map((s): [string, (string | number)[]] => [s, ['traffic', 'severity_by_slice', s]]),
    ...(suite.pairwise_judge?.slices ?? []).map((s, k): [string, (string | number)[]] => [s, ['pairwise_judge', 'slices', k]]),
  ];
  const reported = new Set<string>();
  for (const [slice, path] of named) {
    if (imported.has(slice) || inFile.has(slice) || reported.has(slice)) continue;
    reported.add(slice);
    add('warning', 'empty-slice', `slice ${slice} has no imported traffic and no case in this file: a typo, or traffic still to import (canary-gate import <files>)`, path, null, slice);
  }
}
