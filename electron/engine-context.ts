import { EventBus } from '../engine/api/events.js';
import type { HandlerContext } from '../engine/api/handlers.js';
import { startWorkspaceWatch, type WorkspaceWatchOptions } from '../engine/api/workspace-watch.js';
import { warmNewestRunIndex } from '../engine/cases/warm-newest-run.js';
import { openStore } from '../engine/store/index.js';
import { openWorkspace } from '../engine/workspace.js';
import type { EngineContext } from './engine-service.js';

/**
 * Opens the workspace folder and its database for the engine process, as `canary-gate serve` does, and watches
 * the database so a CLI replay, import or gate on the same workspace shows up in the open window.
 */
export function openEngineContext(dir: string, opts: { watch?: WorkspaceWatchOptions } = {}): EngineContext {
  const workspace = openWorkspace(dir);
  const store = openStore(workspace.databaseFile);
  const ctx: HandlerContext = { workspace, store, events: new EventBus() };
  let watch;
  try {
    watch = startWorkspaceWatch(ctx, opts.watch);
  } catch (err) {
    store.close();
    throw err;
  }
  const warmUp = warmNewestRunIndex(store, workspace.databaseFile);
  // One object for handlers and the watch: replaysOf() keeps the replay controller on it, and the watch asks
  // that controller which leases are this process's own.
  return Object.assign(ctx, {
    noteCall: () => warmUp.touch(),
    async close() {
      watch.stop();
      warmUp.cancel();
      // Replays started from the window stop cleanly: what was answered is kept and each run stays resumable.
      await ctx.replays?.close();
      store.close();
    },
  });
}
