import { InfraError } from '../../errors.js';
import type { HandlerGroup } from '../handler-context.js';

// BUILDING: replaced by the real handlers in this change; never lands as is.
const notYet = (m: string): never => {
  throw new InfraError(`${m} is being built`);
};

/** Handlers of blind-review votes and their summary. */
export const reviewHandlers: HandlerGroup<'reviews.vote' | 'reviews.list' | 'reviews.summary' | 'workspace.setReviewer'> = {
  'reviews.vote': () => notYet('reviews.vote'),
  'reviews.list': () => notYet('reviews.list'),
  'reviews.summary': () => notYet('reviews.summary'),
  'workspace.setReviewer': () => notYet('workspace.setReviewer'),
};
