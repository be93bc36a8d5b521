import { existsSync, readdirSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { type CaseStatus, type SuiteFile } from '../../shared/domain/suite.js';
import type { WorkspaceConfig } from '../../shared/domain/target.js';
import { InputError, NotFoundError } from '../errors.js';
import { expectationName } from '../../shared/scorers/score-expectation.js';
import type { Store } from '../store/index.js';
import { parseSuiteSource } from './load-suite.js';
import { lintSuite, type SuiteLint } from './lint-suite.js';
import { cachedSuiteSource } from './suite-source-cache.js';

/** Where a workspace keeps its suites. */
export const SUITES_DIR = join('evals', 'suites');

/** Counts of cases by status. */
export type StatusCounts = Record<CaseStatus, number>;

/** One suite file of a workspace, for lists. */
export interface SuiteListing {
  /** The suite's name; null when the file cannot be read. */
  name: string | null;
  /** Relative to the workspace root, forward slashes. */
  file: string;
  cases: number;
  by_status: StatusCounts;
  /** Slices of the file's cases and of its traffic selection, sorted. */
  slices: string[];
  /** The slices a `traffic:` selection replays from imported samples (all imported slices when it names none); null without one. */
  traffic_slices: string[] | null;
  is_default: boolean;
  /** Why the file cannot be read (file:line: field: message); null when it can. */
  error: string | null;
}

function posix(path: string): string {
  return path.split(sep).join('/');
}

/** The suite files of a workspace: its default suite and every .yaml/.yml under evals/suites/ (dot folders skipped), sorted. */
export function suiteFiles(root: string, config: WorkspaceConfig): string[] {
  const files = new Set<string>();
  const defaultSuite = resolve(root, config.defaults.suite);
  if (existsSync(defaultSuite)) files.add(defaultSuite);
  const pending = [join(root, SUITES_DIR)];
  for (let dir = pending.pop(); dir !== undefined; dir = pending.pop()) {
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) pending.push(path);
      else if (entry.isFile() && /\.ya?ml$/i.test(entry.name)) files.add(path);
    }
  }
  return [...files].sort();
}

function statusCounts(suite: SuiteFile): StatusCounts {
  const counts: StatusCounts = { draft: 0, active: 0, retired: 0 };
  for (const c of suite.cases) counts[c.status]++;
  return counts;
}

/**
 * Every suite file of the workspace with its case counts by status and its slices; a broken file is listed with its
 * error. Files are read through the cache the Suites screen reads them through (unchanged files are not parsed again).
 */
export function listSuites(root: string, config: WorkspaceConfig): SuiteListing[] {
  const defaultSuite = resolve(root, config.defaults.suite);
  return suiteFiles(root, config).map((path): SuiteListing => {
    const file = posix(relative(root, path));
    try {
      const suite = cachedSuiteSource(path).value;
      const slices = new Set<string>([...suite.cases.map((c) => c.slice).filter((s): s is string => s !== undefined), ...(suite.traffic?.slices ?? [])]);
      return {
        name: suite.name,
        file,
        cases: suite.cases.length,
        by_status: statusCounts(suite),
        slices: [...slices].sort(),
        traffic_slices: suite.traffic ? (suite.traffic.slices ?? []) : null,
        is_default: path === defaultSuite,
        error: null,
      };
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      return { name: null, file, cases: 0, by_status: { draft: 0, active: 0, retired: 0 }, slices: [], traffic_slices: null, is_default: path === defaultSuite, error: err.describe() };
    }
  });
}

/** A suite given by name (its `name:`) or by file (relative to the workspace or the current folder): its path. */
export function findSuite(root: string, config: WorkspaceConfig, nameOrFile: string, cwd: string = root): string {
  for (const candidate of [resolve(cwd, nameOrFile), resolve(root, nameOrFile)]) if (existsSync(candidate) && /\.ya?ml$/i.test(candidate)) return candidate;
  const listed = listSuites(root, config);
  const byName = listed.filter((s) => s.name === nameOrFile || (s.name === null && basename(s.file).replace(/\.ya?ml$/i, '') === nameOrFile));
  if (byName.length === 1) return join(root, byName[0]!.file);
  if (byName.length > 1) throw new InputError(`${byName.length} suite files are named ${nameOrFile}: ${byName.map((s) => s.file).join(', ')}; pass the file`, { field: 'suite' });
  const known = listed.map((s) => s.name ?? s.file).join(', ') || 'none';
  throw new NotFoundError(`no suite ${nameOrFile}${isAbsolute(nameOrFile) ? '' : ` in ${root}`} (suites: ${known})`);
}

/** One case of a suite as `suite show` lists it. */
export interface ShownCase {
  id: string;
  status: CaseStatus;
  slice: string | null;
  severity: string;
  origin: string;
  expectations: string[];
  has_reference: boolean;
}

/** What `suite show` prints: the suite's cases by status and slice, their expectations, and the lint summary. */
export interface SuiteShow {
  name: string;
  file: string;
  description: string | null;
  by_status: StatusCounts;
  /** Per slice (`(none)` for cases without one): counts by status. */
  by_slice: Record<string, StatusCounts>;
  traffic: { slices: string[] | null; expectations_by_slice: Record<string, string[]> } | null;
  pairwise_judge: boolean;
  cases: ShownCase[];
  lint: SuiteLint;
}

/** Describes a suite file: its cases by status and slice, their expectations, its traffic selection and lint findings. */
export function showSuite(file: string, root: string, store: Store, config: WorkspaceConfig): SuiteShow {
  // Validated by its schema only: `show` describes a file even when lint found a duplicate id in it. Parsed once, for lint too.
  const source = parseSuiteSource(file);
  const lint = lintSuite(source, store, config);
  const rel = posix(relative(root, file));
  const suite = source.value;
  const bySlice: Record<string, StatusCounts> = {};
  for (const c of suite.cases) (bySlice[c.slice ?? '(none)'] ??= { draft: 0, active: 0, retired: 0 })[c.status]++;
  return {
    name: suite.name,
    file: rel,
    description: suite.description ?? null,
    by_status: statusCounts(suite),
    by_slice: bySlice,
    traffic: suite.traffic
      ? { slices: suite.traffic.slices ?? null, expectations_by_slice: Object.fromEntries(Object.entries(suite.traffic.expectations_by_slice).map(([s, specs]) => [s, specs.map(expectationName)])) }
      : null,
    pairwise_judge: suite.pairwise_judge !== undefined,
    cases: suite.cases.map((c) => ({
      id: c.id,
      status: c.status,
      slice: c.slice ?? null,
      severity: c.severity,
      origin: c.origin,
      expectations: c.expectations.map(expectationName),
      has_reference: c.reference !== undefined,
    })),
    lint,
  };
}
