import { InfraError } from '../../errors.js';
import type { HandlerGroup } from '../handler-context.js';

// BUILDING: replaced by the real handlers in this change; never lands as is.
const notYet = (m: string): never => {
  throw new InfraError(`${m} is being built`);
};

/** Handlers of the case list and case detail. */
export const caseHandlers: HandlerGroup<'cases.list' | 'cases.get'> = {
  'cases.list': () => notYet('cases.list'),
  'cases.get': () => notYet('cases.get'),
};
