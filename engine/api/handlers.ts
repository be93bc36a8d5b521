import { readReviewer } from '../reviews/index.js';
import { getRun, listRuns } from '../runs/run-views.js';
import { toolVersion } from '../version.js';
import type { Handlers } from './handler-context.js';
import { caseHandlers } from './handlers/case-handlers.js';
import { importHandlers } from './handlers/import-handlers.js';
import { judgeHandlers } from './handlers/judge-handlers.js';
import { rescoreHandlers } from './handlers/rescore-handlers.js';
import { replayHandlers } from './handlers/replay-handlers.js';
import { reviewHandlers } from './handlers/review-handlers.js';
import { runViewHandlers } from './handlers/run-view-handlers.js';
import { suiteHandlers } from './handlers/suite-handlers.js';
import { trafficHandlers } from './handlers/traffic-handlers.js';

export type { HandlerContext, Handlers } from './handler-context.js';

/** One handler per contract method; a missing one is a compile error. Each domain's handlers live in handlers/. */
export const handlers: Handlers = {
  'workspace.info': (_input, ctx) => ({ root: ctx.workspace.root, database: ctx.workspace.databaseFile, version: toolVersion(), reviewer: readReviewer(ctx.workspace) }),
  'runs.list': (input, ctx) => listRuns(ctx.store, input.limit, input.offset),
  'runs.get': (input, ctx) => getRun(ctx.store, input.runId),
  ...runViewHandlers,
  ...caseHandlers,
  ...reviewHandlers,
  ...replayHandlers,
  ...trafficHandlers,
  ...importHandlers,
  ...suiteHandlers,
  ...judgeHandlers,
  ...rescoreHandlers,
};
