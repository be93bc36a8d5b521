import type { Method, MethodOutput, MethodParsedInput } from '../../shared/contract/index.js';
import { ReplayController } from '../replay/replay-controller.js';
import type { Store } from '../store/index.js';
import type { Workspace } from '../workspace.js';
import type { EventBus } from './events.js';

/** What every handler may use: the open workspace, its store and the event bus. */
export interface HandlerContext {
  workspace: Workspace;
  store: Store;
  events: EventBus;
  /** The replays this engine process runs for its UI; created on first use (see replaysOf). */
  replays?: ReplayController;
}

/** The context's replay controller, created on first use: one per engine process and workspace. */
export function replaysOf(ctx: HandlerContext): ReplayController {
  ctx.replays ??= new ReplayController(ctx);
  return ctx.replays;
}

export type Handler<M extends Method> = (input: MethodParsedInput<M>, ctx: HandlerContext) => Promise<MethodOutput<M>> | MethodOutput<M>;
export type Handlers = { [M in Method]: Handler<M> };
/** The handlers of one group of methods (one file per domain). */
export type HandlerGroup<M extends Method> = { [K in M]: Handler<K> };
