import { gateDrilldown, getCaseDetail, listCases } from '../../cases/index.js';
import type { HandlerGroup } from '../handler-context.js';

/** Handlers of the case list, case detail and the gate drill-down. */
export const caseHandlers: HandlerGroup<'cases.list' | 'cases.get' | 'gates.drilldown'> = {
  'cases.list': (input, ctx) => listCases(ctx.store, input),
  'cases.get': (input, ctx) => getCaseDetail(ctx.store, input.runId, input.caseId),
  'gates.drilldown': (input, ctx) => gateDrilldown(ctx.store, input.runId, input.gate),
};
