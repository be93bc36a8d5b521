import type { Method, MethodOutput, MethodParsedInput } from '../../shared/contract/index.js';
import type { Store } from '../store/index.js';
import type { Workspace } from '../workspace.js';
import type { EventBus } from './events.js';

/** What every handler may use: the open workspace, its store and the event bus. */
export interface HandlerContext {
  workspace: Workspace;
  store: Store;
  events: EventBus;
}

export type Handler<M extends Method> = (input: MethodParsedInput<M>, ctx: HandlerContext) => Promise<MethodOutput<M>> | MethodOutput<M>;
export type Handlers = { [M in Method]: Handler<M> };
/** The handlers of one group of methods (one file per domain). */
export type HandlerGroup<M extends Method> = { [K in M]: Handler<K> };
