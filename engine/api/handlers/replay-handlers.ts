import { replaysOf, type HandlerGroup } from '../handler-context.js';

/** Handlers of replay control: each delegates to the engine process's ReplayController (engine/replay). */
export const replayHandlers: HandlerGroup<'replay.estimate' | 'replay.start' | 'replay.resume' | 'replay.cancel' | 'replay.active'> = {
  'replay.estimate': (input, ctx) => replaysOf(ctx).estimate(input),
  'replay.start': (input, ctx) => replaysOf(ctx).start(input),
  'replay.resume': (input, ctx) => replaysOf(ctx).resume(input),
  'replay.cancel': (input, ctx) => replaysOf(ctx).cancel(input.runId),
  'replay.active': (_input, ctx) => replaysOf(ctx).active(),
};
