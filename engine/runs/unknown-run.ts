import { NotFoundError } from '../errors.js';
import type { Store } from '../store/index.js';

/** How many recent run ids an unknown-run message lists. */
export const RECENT_RUNS_LISTED = 5;

/** The error for a run id the workspace does not hold: names the most recent runs it does hold, or says there are none. */
export function unknownRunError(store: Store, runId: string): NotFoundError {
  const { runs, total } = store.runs.list(RECENT_RUNS_LISTED, 0);
  if (total === 0) return new NotFoundError(`no run "${runId}": the workspace has no runs yet (run \`canary-gate replay\` first)`);
  const more = total > runs.length ? ` (${total - runs.length} older not shown)` : '';
  return new NotFoundError(`no run "${runId}"; the most recent: ${runs.map((r) => r.id).join(', ')}${more}`);
}
