import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { canonicalJson } from '../../shared/canonical-json.js';
import type { ScorerSpec } from '../../shared/domain/scorer-spec.js';
import { checkExpectation } from '../../shared/scorers/check-expectation.js';
import { InputError } from '../errors.js';
import { unknownRunError } from '../runs/unknown-run.js';
import type { Store } from '../store/index.js';
import { resolveSuite } from '../suites/load-suite.js';
import type { Workspace } from '../workspace.js';
import { scoreRun, type CurrentExpectations, type ScoreRunTotals } from './score-run.js';

/** What a re-scoring did, and with which expectations. */
export interface RescoreOutcome extends ScoreRunTotals {
  runId: string;
  /** The suite file whose expectations scored the run (path relative to the workspace), or null: the stored ones. */
  suite: { name: string; path: string; digest: string } | null;
  /** Why no suite file was used (it is gone, or the run has none on record). */
  storedBecause: string | null;
  /** Cases whose expectations in the file differ from those stored with the run. */
  casesChanged: number;
}

/** The current suite file of a run: the one given, else the one it was replayed from (relative to the workspace). */
function suiteFileOf(store: Store, ws: Workspace, suiteId: number, given: string | undefined, cwd: string): { file: string | null; why: string | null } {
  if (given !== undefined) {
    const file = resolve(cwd, given);
    if (!existsSync(file)) throw new InputError('no such suite file', { file: given });
    return { file, why: null };
  }
  const source = store.suites.get(suiteId)?.sourcePath ?? null;
  if (source === null) return { file: null, why: 'the run has no suite file on record' };
  const file = isAbsolute(source) ? source : resolve(ws.root, source);
  if (!existsSync(file)) return { file: null, why: `its suite file ${source} is gone (pass --suite <file>)` };
  return { file, why: null };
}

/**
 * Re-runs the scorers of the run's current suite file on its stored outputs, without any model call: cases are
 * matched by case id, and a case the file still has is scored with the file's expectations (and reference answer),
 * one it no longer has with those stored with the run. The scoring is recorded on the run with the file's digest and
 * the scorer versions, so gates and reports can say what judged it. `suiteFile` (relative to `cwd`) overrides the
 * file the run was replayed from; a file of another suite is refused.
 */
export async function rescoreRun(store: Store, ws: Workspace, runId: string, opts: { suiteFile?: string; cwd?: string } = {}): Promise<RescoreOutcome> {
  const run = store.runs.get(runId);
  if (!run) throw unknownRunError(store, runId);
  const stored = store.suites.get(run.suiteId)!;
  const { file, why } = suiteFileOf(store, ws, run.suiteId, opts.suiteFile, opts.cwd ?? ws.root);
  let current: CurrentExpectations | undefined;
  let casesChanged = 0;
  let suite: RescoreOutcome['suite'] = null;
  if (file !== null) {
    const resolved = resolveSuite(file, store);
    const path = relative(ws.root, file) || file;
    if (resolved.name !== stored.name) throw new InputError(`this is suite "${resolved.name}", but run ${runId} is of suite "${stored.name}"`, { file: path });
    const cases = new Map<string, { expectations: readonly ScorerSpec[]; reference?: string }>();
    for (const c of resolved.cases) {
      c.expectations.forEach((spec, j) => {
        try {
          checkExpectation(spec);
        } catch (err) {
          throw new InputError((err as Error).message, { file: path, field: `cases.${c.id}.expectations.${j}` });
        }
      });
      cases.set(c.id, { expectations: c.expectations, ...(c.reference === undefined ? {} : { reference: c.reference }) });
    }
    // What changed since the replay, case by case (the digest also covers inputs and judges).
    for (const c of store.suites.allCases(run.suiteId)) {
      const fresh = cases.get(c.key);
      if (fresh && canonicalJson(fresh.expectations) !== canonicalJson(c.evalCase.expectations)) casesChanged++;
    }
    current = { digest: resolved.digest, path, cases };
    suite = { name: resolved.name, path, digest: resolved.digest };
  }
  const totals = await scoreRun(store, runId, { workspaceRoot: ws.root, ...(current ? { current } : {}) });
  return { ...totals, runId, suite, storedBecause: why, casesChanged };
}
