import { warmNewestRunIndex } from '../cases/warm-newest-run.js';
import type { HandlerContext } from './handler-context.js';
import { startWorkspaceWatch, type WorkspaceWatchOptions } from './workspace-watch.js';

/** The background work of an engine host, and the hooks its transport calls. */
export interface EngineServices {
  /** A call arrived or was answered: background work waits for a quiet moment. */
  noteCall(): void;
  /** Stops the watch and the warm-up, and ends replays this process runs (kept resumable). */
  close(): Promise<void>;
}

/**
 * What every process that serves the UI runs beside dispatch — `canary-gate serve` and the desktop app's engine
 * process alike: the workspace watch (changes made by other processes reach the window) and the newest run's case
 * index built in the first quiet moment.
 */
export function startEngineServices(ctx: HandlerContext, opts: { watch?: WorkspaceWatchOptions } = {}): EngineServices {
  const watch = startWorkspaceWatch(ctx, opts.watch ?? {});
  const warmUp = warmNewestRunIndex(ctx.store, ctx.workspace.databaseFile);
  let closing: Promise<void> | undefined;
  return {
    noteCall: () => warmUp.touch(),
    close() {
      closing ??= (async () => {
        watch.stop();
        warmUp.cancel();
        await ctx.replays?.close();
      })();
      return closing;
    },
  };
}
