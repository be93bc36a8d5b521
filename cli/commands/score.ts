import { NotFoundError } from '../../engine/errors.js';
import { rescoreRun } from '../../engine/scoring/rescore-run.js';
import type { Command } from '../command.js';
import { openContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { printable } from '../printable.js';
import { renderTable } from '../table.js';

/** `canary-gate score`: re-run the current suite's scorers on a run's stored outputs (no model call). */
export const scoreCommand: Command = {
  name: 'score',
  summary: "Re-score a run's stored outputs with the current suite file's expectations and scorers, without any model call; exit 0 when scored, 2 on bad input",
  usage: 'score [--run <id>] [--suite <file>]   (default: the latest run, and the suite file it was replayed from)',
  options: {
    run: { type: 'string' },
    suite: { type: 'string' },
  },
  async run({ values }, io) {
    const ctx = openContext(values, io);
    try {
      const runId = typeof values.run === 'string' ? values.run : ctx.store.runs.list(1, 0).runs[0]?.id;
      if (!runId) throw new NotFoundError('the workspace has no runs yet: run `canary-gate replay` first');
      const outcome = await rescoreRun(ctx.store, ctx.workspace, runId, { ...(typeof values.suite === 'string' ? { suiteFile: values.suite } : {}), cwd: io.cwd });
      const versions = Object.entries(outcome.versions).sort(([a], [b]) => a.localeCompare(b));
      if (values.json) {
        io.out(JSON.stringify({
          run_id: outcome.runId,
          suite: outcome.suite,
          stored_expectations_because: outcome.storedBecause,
          cases_from_file: outcome.casesFromFile,
          cases_stored: outcome.casesStored,
          cases_changed: outcome.casesChanged,
          results: outcome.results,
          scores: outcome.scores,
          failed: outcome.failed,
          errors: outcome.errors,
          versions: Object.fromEntries(versions),
        }));
        return EXIT.ok;
      }
      const source = outcome.suite
        ? `the expectations of ${printable(outcome.suite.path)} (${outcome.suite.digest.slice(0, 19)}…): ${outcome.casesFromFile} case(s) matched by id, ${outcome.casesChanged} of them changed since the replay` +
          (outcome.casesStored ? `; ${outcome.casesStored} case(s) no longer in the file kept their stored expectations` : '')
        : `the expectations stored with the run (${outcome.storedBecause ?? 'no suite file'})`;
      io.out(`Re-scored run ${outcome.runId} with ${source}. No model was called.\n`);
      io.out(renderTable(['Results', 'Scores', 'Failed', 'Errors'], [[String(outcome.results), String(outcome.scores), String(outcome.failed), String(outcome.errors)]]));
      if (versions.length) io.out(`\n${renderTable(['Scorer version', 'Scores'], versions.map(([v, n]) => [printable(v), String(n)]))}`);
      if (outcome.errors) io.out(`\n${outcome.errors} score(s) are scorer errors (the scorer could not decide): neither passes nor failures, left out of the gates.`);
      io.out(`\nNext: canary-gate gate --run ${outcome.runId}`);
      return EXIT.ok;
    } finally {
      ctx.close();
    }
  },
};
