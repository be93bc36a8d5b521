import { EventBus } from '../engine/api/events.js';
import { openStore } from '../engine/store/index.js';
import { openWorkspace } from '../engine/workspace.js';
import type { EngineContext } from './engine-service.js';

/** Opens the workspace folder and its database for the engine process, as `canary-gate` commands do. */
export function openEngineContext(dir: string): EngineContext {
  const workspace = openWorkspace(dir);
  const store = openStore(workspace.databaseFile);
  return { workspace, store, events: new EventBus(), close: () => store.close() };
}
