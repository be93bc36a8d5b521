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
  return new RegExp(placeholderPattern(labels).source, 'g');
}

/**
 * What a text expectation's redaction placeholders mean for a case: `unmeetable` when one the answer must contain is
 * not in the case's input (a model only sees, and the simulated ones only echo, the placeholders its request carries;
 * the import replaced the real value), `echo` when all are in the input (it can pass, but checks that a redaction token
 * is repeated, not the customer's data); undefined without any. contains_any counts only when every value carries one.
 */
function placeholderUse(spec: ScorerSpec, placeholders: RegExp, inputText: string): { kind: 'unmeetable' | 'echo'; placeholder: string } | undefined {
  if (!PLACEHOLDER_TYPES.has(spec.type)) return undefined;
  const values = requiredValues(spec).map((v) => {
    const found = [...v.matchAll(placeholders)].map((m) => m[0]);
    return { found, missing: found.find((p) => !inputText.includes(p)) };
  });
  if (spec.type === 'contains_any') {
    if (values.length === 0 || values.some((v) => v.found.length === 0)) return undefined;
    if (values.every((v) => v.missing !== undefined)) return { kind: 'unmeetable', placeholder: values[0]!.missing! };
    return { kind: 'echo', placeholder: values.find((v) => v.missing === undefined)!.found[0]! };
  }
  const missing = values.find((v) => v.missing !== undefined)?.missing;
  if (missing !== undefined) return { kind: 'unmeetable', placeholder: missing };
  const echoed = values.find((v) => v.found.length > 0)?.found[0];
  return echoed === undefined ? undefined : { kind: 'echo', placeholder: echoed };
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
 * expectation that cannot be scored, a redaction placeholder such as `<EMAIL_2>` that an answer is required to
 * contain while the case's input lacks it — no model can produce it), warnings for what is probably wrong (a
 * placeholder the input carries, which only checks an echo of the token; an expectation that every recorded
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

/** The text a case gives the model (messages, documents, tool results): what a placeholder can be echoed from. */
function caseInputText(c: EvalCase): string {
  return inputTextOf(c.input.messages, c.input.documents ?? [], c.input.tool_results ?? []);
}

const ECHO_ADVICE = 'check a leak with pii_leak, and the answer with a fact that is not PII';

/**
 * A redaction placeholder inside a value an answer must contain: an error when the case's input does not carry it (no
 * model can produce it), a warning when it does (it only checks that the token is echoed). One finding per expectation
 * of a case in the file; for traffic cases (labels captured with the samples, so no line of their own) one per slice,
 * expectation type and kind.
 */
function placeholderFindings(suite: SuiteFile, cases: readonly LocatedCase[], placeholders: RegExp, add: Add): void {
  const groups = new Map<string, { first: EvalCase; spec: ScorerSpec; path: (string | number)[]; kind: 'unmeetable' | 'echo'; placeholder: string; cases: Set<string> }>();
  for (const { evalCase: c, index } of cases) {
    let inputText: string | undefined;
    c.expectations.forEach((spec, j) => {
      if (!PLACEHOLDER_TYPES.has(spec.type)) return;
      const use = placeholderUse(spec, placeholders, (inputText ??= caseInputText(c)));
      if (use === undefined) return;
      const { kind, placeholder } = use;
      if (index !== null) {
        const field = spec.type === 'contains_all' || spec.type === 'contains_any' ? 'values' : 'value';
        const path = ['cases', index, 'expectations', j, field];
        if (kind === 'unmeetable') {
          add('error', 'placeholder-in-expectation', `\`${spec.type}\` requires the redaction placeholder ${placeholder}, which no model can produce: this case's input does not contain it (the import replaced the real value, and a model only sees the placeholders its request carries); expect something the answer can contain, and pii_leak for a leak`, path, c.id, c.slice ?? null);
        } else {
          add('warning', 'placeholder-in-expectation', `\`${spec.type}\` asks for the redaction placeholder ${placeholder} of this case's input: it passes when a model repeats the redaction token, which says nothing about the customer's data; ${ECHO_ADVICE}`, path, c.id, c.slice ?? null);
        }
        return;
      }
      // A captured label and the suite's own expectation of the slice are fixed in different places: apart.
      const path = trafficPath(suite, c.slice, spec);
      const key = `${c.slice ?? ''}\u0000${path.join('.')}\u0000${spec.type}\u0000${kind}`;
      const group = groups.get(key);
      if (group) group.cases.add(c.id);
      else groups.set(key, { first: c, spec, path, kind, placeholder, cases: new Set([c.id]) });
    });
  }
  for (const { first, spec, path, kind, placeholder, cases: ids } of groups.values()) {
    const count = ids.size;
    const bySlice = path.length > 1;
    const fix = bySlice ? `edit ${path.join('.')}` : 'fix the labels at the source, or draft the cases into the file (canary-gate suite create --from-samples) and edit them';
    const which = `${count} traffic case(s) of slice ${first.slice ?? '(none)'}`;
    const cases = bySlice
      ? `${which} are asked by ${path.join('.')} (\`${spec.type}\`) for the redaction placeholder ${placeholder}`
      : `${which} carry a captured label \`${spec.type}\` of a redaction placeholder (${placeholder}…)`;
    if (kind === 'unmeetable') {
      add('error', 'placeholder-in-expectation', `${cases} that their input does not contain, so no model can produce it: ${fix}`, path, first.id, first.slice ?? null);
    } else {
      add('warning', 'placeholder-in-expectation', `${cases} that their input carries: it passes when a model repeats the redaction token, which says nothing about the customer's data; ${ECHO_ADVICE} (${fix})`, path, first.id, first.slice ?? null);
    }
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
