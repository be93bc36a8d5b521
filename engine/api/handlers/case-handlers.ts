import { caseIndexReady, gateDrilldown, getCaseDetail, listCases } from '../../cases/index.js';
import type { HandlerGroup } from '../handler-context.js';

/** Handlers of the case list, case detail and the gate drill-down. */
export const caseHandlers: HandlerGroup<'cases.list' | 'cases.get' | 'gates.drilldown'> = {
  'cases.list': async (input, ctx) => {
    // A large run's index is built off this thread first, so the engine keeps answering other calls meanwhile.
    await caseIndexReady(ctx.store, ctx.workspace.databaseFile, input.runId);
    return listCases(ctx.store, input);
  },
  'cases.get': (input, ctx) => getCaseDetail(ctx.store, input.runId, input.caseId),
  'gates.drilldown': async (input, ctx) => {
    await caseIndexReady(ctx.store, ctx.workspace.databaseFile, input.runId);
    return gateDrilldown(ctx.store, input.runId, input.gate);
  },
};
