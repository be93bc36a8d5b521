import type { CaseStatus, EvalCase } from '../../shared/domain/suite.js';
import { provenanceText } from '../../shared/domain/suite.js';
import type { FacetCount } from '../../shared/domain/case-review.js';
import type { SuiteCaseDetail, SuiteCaseFilter, SuiteCaseList, SuiteCaseRow, SuiteCaseSort, SuiteLintFinding } from '../../shared/domain/suite-view.js';
import type { Store } from '../store/index.js';
import { latestRunOfCase } from './latest-run-of-case.js';
import { caseRevision, expectationsYamlOf, viewedCase, type ViewedCase, type ViewedSuite } from './suite-file-view.js';

/** The lint findings of a suite file by case id (findings about the whole file under null). */
export type FindingsByCase = Map<string | null, SuiteLintFinding[]>;

/** Whether a case has lint errors or warnings (info, such as "draft awaiting review", does not flag it). */
const isFlagged = (findings: FindingsByCase, id: string) => (findings.get(id) ?? []).some((f) => f.severity !== 'info');

/** Groups findings by the case they are about. */
export function findingsByCase(findings: readonly SuiteLintFinding[]): FindingsByCase {
  const by: FindingsByCase = new Map();
  for (const f of findings) {
    const list = by.get(f.case_id) ?? [];
    list.push(f);
    by.set(f.case_id, list);
  }
  return by;
}

type FacetKey = 'status' | 'slice' | 'origin' | 'severity' | 'tag' | 'flagged' | 'q';

function matches(c: ViewedCase, f: SuiteCaseFilter, findings: FindingsByCase, skip: FacetKey | null, words: string[]): boolean {
  const e = c.evalCase;
  if (skip !== 'status' && f.status && e.status !== f.status) return false;
  if (skip !== 'slice' && f.slice !== undefined && (e.slice ?? '') !== f.slice) return false;
  if (skip !== 'origin' && f.origin && e.origin !== f.origin) return false;
  if (skip !== 'severity' && f.severity && e.severity !== f.severity) return false;
  if (skip !== 'tag' && f.tag && !(e.tags ?? []).includes(f.tag)) return false;
  if (skip !== 'flagged' && f.flagged && !isFlagged(findings, e.id)) return false;
  if (skip !== 'q' && words.length && !words.every((w) => c.searchText.includes(w))) return false;
  return true;
}

function countBy(cases: readonly ViewedCase[], keys: (c: EvalCase) => readonly string[]): FacetCount[] {
  const counts = new Map<string, number>();
  for (const c of cases) for (const k of keys(c.evalCase)) counts.set(k, (counts.get(k) ?? 0) + 1);
  return [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
}

const STATUS_ORDER: Record<CaseStatus, number> = { draft: 0, active: 1, retired: 2 };

function sorter(sort: SuiteCaseSort, findings: FindingsByCase): (a: ViewedCase, b: ViewedCase) => number {
  const weight = (c: ViewedCase) => {
    const list = findings.get(c.evalCase.id) ?? [];
    return list.filter((f) => f.severity === 'error').length * 1000 + list.filter((f) => f.severity === 'warning').length;
  };
  const byIndex = (a: ViewedCase, b: ViewedCase) => a.index - b.index;
  switch (sort) {
    case 'file':
      return byIndex;
    case 'id':
      return (a, b) => (a.evalCase.id < b.evalCase.id ? -1 : a.evalCase.id > b.evalCase.id ? 1 : 0);
    case 'slice':
      return (a, b) => (a.evalCase.slice ?? '').localeCompare(b.evalCase.slice ?? '') || byIndex(a, b);
    case 'status':
      return (a, b) => STATUS_ORDER[a.evalCase.status] - STATUS_ORDER[b.evalCase.status] || byIndex(a, b);
    case 'flagged_first':
      return (a, b) => weight(b) - weight(a) || byIndex(a, b);
  }
}

function rowOf(c: ViewedCase, findings: FindingsByCase): SuiteCaseRow {
  const e = c.evalCase;
  const list = findings.get(e.id) ?? [];
  return {
    case_id: e.id,
    index: c.index,
    line: c.line,
    slice: e.slice ?? null,
    status: e.status,
    origin: e.origin,
    severity: e.severity,
    tags: e.tags ?? [],
    preview: c.preview,
    expectations: c.expectationNames,
    lint_errors: list.filter((f) => f.severity === 'error').length,
    lint_warnings: list.filter((f) => f.severity === 'warning').length,
  };
}

/**
 * A page of a suite file's cases: filtered, sorted, with each facet counted under every filter but its own (so a
 * chosen value shows what the others would give). The engine function behind `suites.cases`.
 */
export function listSuiteCases(
  suite: ViewedSuite,
  findings: FindingsByCase,
  input: { filter: SuiteCaseFilter; sort: SuiteCaseSort; offset: number; limit: number },
): SuiteCaseList {
  const { filter, sort, offset, limit } = input;
  const words = (filter.q ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const under = (skip: FacetKey | null) => suite.cases.filter((c) => matches(c, filter, findings, skip, words));
  const picked = under(null).sort(sorter(sort, findings));
  const fileFindings = [...findings].filter(([id]) => id === null || !suite.byId.has(id)).flatMap(([, list]) => list);
  return {
    file: suite.file,
    file_findings: fileFindings,
    rows: picked.slice(offset, offset + limit).map((c) => rowOf(c, findings)),
    total: picked.length,
    suite_cases: suite.cases.length,
    facets: {
      status: countBy(under('status'), (c) => [c.status]),
      slice: countBy(under('slice'), (c) => [c.slice ?? '']),
      origin: countBy(under('origin'), (c) => [c.origin]),
      severity: countBy(under('severity'), (c) => [c.severity]),
      tag: countBy(under('tag'), (c) => c.tags ?? []),
      flagged: under('flagged').filter((c) => isFlagged(findings, c.evalCase.id)).length,
    },
  };
}

const textOf = (content: unknown): string =>
  typeof content === 'string' ? content : Array.isArray(content) ? content.map((p: { text?: string }) => p?.text ?? '').join('') : '';

/** A case's input as the case pane shows it (the same shape as a run case's detail). */
function inputView(c: EvalCase): SuiteCaseDetail['input'] {
  return {
    messages: c.input.messages.map((m) => ({
      role: m.role,
      text: textOf(m.content),
      name: m.name ?? null,
      tool_calls: (m.tool_calls ?? []).map((t) => ({ name: t.function.name, arguments: t.function.arguments })),
    })),
    tools: c.input.tools ?? [],
    tool_results: (c.input.tool_results ?? []).map((t) => ({ name: t.name, arguments: t.arguments, content: t.content })),
    documents: (c.input.documents ?? []).map((d) => ({ id: d.id, title: d.title ?? null, text: d.text })),
    params: c.input.params ?? {},
  };
}

function provenanceView(p: EvalCase['provenance']): SuiteCaseDetail['provenance'] {
  if (p === undefined) return null;
  if (typeof p === 'string') return { source: null, file: null, line: null, trace_id: null, sample_id: null, captured_at: null, text: p };
  return {
    source: p.source,
    file: p.file ?? null,
    line: p.line ?? null,
    trace_id: p.trace_id ?? null,
    sample_id: p.sample_id ?? null,
    captured_at: p.captured_at ?? null,
    text: provenanceText(p),
  };
}

/**
 * One case of a suite file with its lint findings and the outputs of the newest run that replayed it. The engine
 * function behind `suites.case`.
 */
export function suiteCaseDetail(store: Store, suite: ViewedSuite, findings: FindingsByCase, caseId: string): SuiteCaseDetail {
  const viewed = viewedCase(suite, caseId);
  const c = viewed.evalCase;
  const latest = latestRunOfCase(store, suite.suite.name, c);
  return {
    file: suite.file,
    case_id: c.id,
    index: viewed.index,
    line: viewed.line,
    slice: c.slice ?? null,
    status: c.status,
    origin: c.origin,
    severity: c.severity,
    tags: c.tags ?? [],
    cluster: c.cluster ?? null,
    provenance: provenanceView(c.provenance),
    status_history: c.status_history ?? [],
    input: inputView(c),
    reference: c.reference ?? null,
    expectations: c.expectations,
    expectations_yaml: expectationsYamlOf(suite, viewed.index),
    revision: caseRevision(c),
    findings: findings.get(c.id) ?? [],
    latest_run: latest
      ? {
          run_id: latest.run.id,
          created_at: latest.run.created_at,
          suite_name: latest.run.suite.name,
          baseline: { model: latest.run.baseline.model, attempts: latest.detail.baseline },
          candidate: { model: latest.run.candidate.model, attempts: latest.detail.candidate },
        }
      : null,
  };
}
