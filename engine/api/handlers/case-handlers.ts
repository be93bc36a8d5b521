import { InfraError } from '../../errors.js';
import type { HandlerGroup } from '../handler-context.js';

// BUILDING: replaced by the real handlers in this change; never lands as is.
const notYet = (m: string): never => {
  throw new InfraError(`${m} is being built`);
};

/** Handlers of the case list, case detail and the gate drill-down. */
export const caseHandlers: HandlerGroup<'cases.list' | 'cases.get' | 'gates.drilldown'> = {
  'cases.list': () => notYet('cases.list'),
  'cases.get': () => notYet('cases.get'),
  'gates.drilldown': () => notYet('gates.drilldown'),
};
