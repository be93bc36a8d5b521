import { InfraError } from '../../errors.js';
import type { HandlerGroup } from '../handler-context.js';

// BUILDING: replaced by the real handlers in this change; never lands as is.
const notYet = (m: string): never => {
  throw new InfraError(`${m} is being built`);
};

/** Handlers of the imported traffic. */
export const trafficHandlers: HandlerGroup<'traffic.list' | 'traffic.get'> = {
  'traffic.list': () => notYet('traffic.list'),
  'traffic.get': () => notYet('traffic.get'),
};
