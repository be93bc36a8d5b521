import { getTraffic, listTraffic } from '../../traffic/index.js';
import type { HandlerGroup } from '../handler-context.js';

/** How long one traffic.list may spend indexing newly imported samples before it answers. */
const INDEX_BUDGET_MS = 250;

/** Handlers of the imported traffic: the Traffic screen's filtered list and one sample. */
export const trafficHandlers: HandlerGroup<'traffic.list' | 'traffic.get'> = {
  // The index catches up a slice at a time, so one call never holds the engine process for long.
  'traffic.list': (input, ctx) => listTraffic(ctx.store, input.filter, input.offset, input.limit, { budgetMs: INDEX_BUDGET_MS }),
  'traffic.get': (input, ctx) => getTraffic(ctx.store, input.id),
};
