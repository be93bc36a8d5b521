import { InfraError } from '../../errors.js';
import type { HandlerGroup } from '../handler-context.js';

// BUILDING: replaced by the real handlers in this change; never lands as is.
const notYet = (m: string): never => {
  throw new InfraError(`${m} is being built`);
};

/** Handlers of replay control. */
export const replayHandlers: HandlerGroup<'replay.estimate' | 'replay.start' | 'replay.resume' | 'replay.cancel' | 'replay.active'> = {
  'replay.estimate': () => notYet('replay.estimate'),
  'replay.start': () => notYet('replay.start'),
  'replay.resume': () => notYet('replay.resume'),
  'replay.cancel': () => notYet('replay.cancel'),
  'replay.active': () => notYet('replay.active'),
};
