import { judgeSummary } from '../../judges/judge-summary.js';
import type { HandlerGroup } from '../handler-context.js';

/** Handlers of the judges' figures of a run. */
export const judgeHandlers: HandlerGroup<'judges.summary'> = {
  'judges.summary': (input, ctx) => judgeSummary(ctx.store, input.runId),
};
