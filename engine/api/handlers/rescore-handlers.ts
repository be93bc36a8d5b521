import { rescoreRun } from '../../scoring/rescore-run.js';
import { suitePathIn } from '../../suites/suite-file-view.js';
import type { HandlerGroup } from '../handler-context.js';

/** Re-scoring a run from the workbench: the same engine function as `canary-gate score`. */
export const rescoreHandlers: HandlerGroup<'runs.rescore'> = {
  'runs.rescore': async (input, ctx) => {
    // From the UI a suite file must lie inside the workspace (the CLI may name any path the user can read).
    const suiteFile = input.file === undefined ? undefined : suitePathIn(ctx.workspace.root, input.file);
    const outcome = await rescoreRun(ctx.store, ctx.workspace, input.runId, { ...(suiteFile ? { suiteFile } : {}), cwd: ctx.workspace.root });
    return {
      runId: outcome.runId,
      suite: outcome.suite,
      storedBecause: outcome.storedBecause,
      casesFromFile: outcome.casesFromFile,
      casesStored: outcome.casesStored,
      casesChanged: outcome.casesChanged,
      results: outcome.results,
      scores: outcome.scores,
      failed: outcome.failed,
      errors: outcome.errors,
      versions: outcome.versions,
    };
  },
};
