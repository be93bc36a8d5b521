import { EventBus } from '../engine/api/events.js';
import type { HandlerContext } from '../engine/api/handlers.js';
import { startEngineServices, type EngineServices } from '../engine/api/engine-services.js';
import type { WorkspaceWatchOptions } from '../engine/api/workspace-watch.js';
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
  let services: EngineServices;
  try {
    services = startEngineServices(ctx, opts.watch ? { watch: opts.watch } : {});
  } catch (err) {
    store.close();
    throw err;
  }
  // One object for handlers and the watch: replaysOf() keeps the replay controller on it, and the watch asks
  // that controller which leases are this process's own.
  return Object.assign(ctx, {
    noteCall: () => services.noteCall(),
    async close() {
      // Replays started from the window stop cleanly: what was answered is kept and each run stays resumable.
      await services.close();
      store.close();
    },
  });
}
