import type { SuiteLintFinding, SuiteSummary } from '../../shared/domain/suite-view.js';
import type { Store } from '../store/index.js';
import type { Workspace } from '../workspace.js';
import { lintSuite } from './lint-suite.js';
import { listSuites } from './list-suites.js';
import { viewSuite, type ViewedSuite } from './suite-file-view.js';

/** Lint results kept per file while the file and the imported traffic it is linted against stay the same. */
const lintCache = new Map<string, { key: string; findings: SuiteLintFinding[] }>();
const MAX_CACHED = 16;

/**
 * What `suite lint` finds in a suite file (lintSuite itself), in the screen's shape. Kept until the file or the
 * imported traffic changes: every page and filter of the case list reads it, and linting scores recorded answers.
 */
export function suiteFindings(suite: ViewedSuite, workspace: Workspace, store: Store): SuiteLintFinding[] {
  const key = `${suite.stamp}\u0000${store.traffic.count()}`;
  const known = lintCache.get(suite.path);
  if (known?.key === key) return known.findings;
  const findings = lintSuite(suite.path, store, workspace.config).findings.map(
    (f): SuiteLintFinding => ({ severity: f.severity, rule: f.rule, message: f.message, case_id: f.case_id, field: f.field, line: f.line }),
  );
  lintCache.delete(suite.path);
  lintCache.set(suite.path, { key, findings });
  if (lintCache.size > MAX_CACHED) lintCache.delete(lintCache.keys().next().value!);
  return findings;
}

/**
 * Every suite file of the workspace (listSuites) with its cases by slice and its lint summary; a file that cannot
 * be read is listed with its error. The engine function behind `suites.list`.
 */
export function suiteSummaries(workspace: Workspace, store: Store): SuiteSummary[] {
  return listSuites(workspace.root, workspace.config).map((s): SuiteSummary => {
    const base = { file: s.file, name: s.name, cases: s.cases, by_status: s.by_status, traffic_slices: s.traffic_slices, error: s.error, is_default: s.is_default };
    if (s.error !== null) return { ...base, description: null, by_slice: [], lint: { errors: 0, warnings: 0 } };
    const suite = viewSuite(workspace.root, s.file);
    const findings = suiteFindings(suite, workspace, store);
    const slices = new Map<string, number>();
    for (const c of suite.cases) slices.set(c.evalCase.slice ?? '', (slices.get(c.evalCase.slice ?? '') ?? 0) + 1);
    return {
      ...base,
      description: suite.suite.description ?? null,
      by_slice: [...slices].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1)),
      lint: { errors: findings.filter((f) => f.severity === 'error').length, warnings: findings.filter((f) => f.severity === 'warning').length },
    };
  });
}
