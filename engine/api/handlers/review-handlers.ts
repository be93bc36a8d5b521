import { castVote, listVotes, setReviewer, summarizeVotes } from '../../reviews/index.js';
import type { HandlerGroup } from '../handler-context.js';

/** Handlers of blind-review votes and their summary. */
export const reviewHandlers: HandlerGroup<'reviews.vote' | 'reviews.list' | 'reviews.summary' | 'workspace.setReviewer'> = {
  'reviews.vote': (input, ctx) => castVote(ctx.store, input),
  'reviews.list': (input, ctx) => ({ votes: listVotes(ctx.store, input.runId, input.reviewer) }),
  'reviews.summary': (input, ctx) => summarizeVotes(ctx.store, input.runId),
  'workspace.setReviewer': (input, ctx) => ({ reviewer: setReviewer(ctx.workspace, input.reviewer) }),
};
