import { InfraError } from '../../errors.js';
import type { HandlerGroup } from '../handler-context.js';

// BUILDING: replaced by the real handlers in this change; never lands as is.
const notYet = (m: string): never => {
  throw new InfraError(`${m} is being built`);
};

/** Handlers of run overview (slices, distributions, target diff, reports). */
export const runViewHandlers: HandlerGroup<'runs.slices' | 'runs.distributions' | 'runs.targetDiff' | 'runs.reports'> = {
  'runs.slices': () => notYet('runs.slices'),
  'runs.distributions': () => notYet('runs.distributions'),
  'runs.targetDiff': () => notYet('runs.targetDiff'),
  'runs.reports': () => notYet('runs.reports'),
};
