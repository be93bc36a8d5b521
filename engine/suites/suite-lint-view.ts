import type { SuiteLintFinding, SuiteSummary } from '../../shared/domain/suite-view.js';
import type { Store } from '../store/index.js';
import type { Workspace } from '../workspace.js';
import { lintSuite } from './lint-suite.js';
import { InputError } from '../errors.js';
import { suiteFiles } from './list-suites.js';
import { viewSuite, workspaceRelative, type ViewedSuite } from './suite-file-view.js';
import { resolve } from 'node:path';

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
  const findings = lintSuite(suite.source, store, workspace.config).findings.map(
    (f): SuiteLintFinding => ({ severity: f.severity, rule: f.rule, message: f.message, case_id: f.case_id, field: f.field, line: f.line }),
  );
  lintCache.delete(suite.path);
  lintCache.set(suite.path, { key, findings });
  if (lintCache.size > MAX_CACHED) lintCache.delete(lintCache.keys().next().value!);
  return findings;
}

/**
 * Every suite file of the workspace (suiteFiles, as `suite show` finds them) with its cases by status and slice and
 * its lint summary; a file that cannot be read is listed with its error. Read through the same cache as the case
 * list (listSuites would parse every file again on each call: seconds for a suite of thousands of cases). The engine
 * function behind `suites.list`.
 */
export function suiteSummaries(workspace: Workspace, store: Store): SuiteSummary[] {
  const defaultSuite = resolve(workspace.root, workspace.config.defaults.suite);
  return suiteFiles(workspace.root, workspace.config).map((path): SuiteSummary => {
    const file = workspaceRelative(workspace.root, path);
    const is_default = path === defaultSuite;
    let suite: ViewedSuite;
    try {
      suite = viewSuite(workspace.root, file);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      const none = { draft: 0, active: 0, retired: 0 };
      return { file, name: null, description: null, cases: 0, by_status: none, by_slice: [], traffic_slices: null, lint: { errors: 0, warnings: 0 }, error: err.describe(), is_default };
    }
    const findings = suiteFindings(suite, workspace, store);
    const by_status = { draft: 0, active: 0, retired: 0 };
    const slices = new Map<string, number>();
    for (const { evalCase: c } of suite.cases) {
      by_status[c.status]++;
      slices.set(c.slice ?? '', (slices.get(c.slice ?? '') ?? 0) + 1);
    }
    return {
      file,
      name: suite.suite.name,
      description: suite.suite.description ?? null,
      cases: suite.cases.length,
      by_status,
      by_slice: [...slices].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1)),
      traffic_slices: suite.suite.traffic ? (suite.suite.traffic.slices ?? []) : null,
      lint: { errors: findings.filter((f) => f.severity === 'error').length, warnings: findings.filter((f) => f.severity === 'warning').length },
      error: null,
      is_default,
    };
  });
}
