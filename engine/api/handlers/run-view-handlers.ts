import { runDistributions } from '../../runs/distributions.js';
import { runReports } from '../../runs/run-reports.js';
import { runSlices } from '../../runs/slice-results.js';
import { runTargetDiff } from '../../runs/target-diff.js';
import type { HandlerGroup } from '../handler-context.js';

/** Handlers of run overview (slices, distributions, target diff, reports). */
export const runViewHandlers: HandlerGroup<'runs.slices' | 'runs.distributions' | 'runs.targetDiff' | 'runs.reports'> = {
  'runs.slices': (input, ctx) => runSlices(ctx.store, ctx.workspace, input.runId),
  'runs.distributions': (input, ctx) => runDistributions(ctx.store, input.runId),
  'runs.targetDiff': (input, ctx) => runTargetDiff(ctx.store, input.runId),
  'runs.reports': (input, ctx) => runReports(ctx.store, input.runId),
};
