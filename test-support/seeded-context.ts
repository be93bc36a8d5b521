import { EventBus } from '../engine/api/events.js';
import type { HandlerContext } from '../engine/api/handlers.js';
import { openStore } from '../engine/store/index.js';
import { openWorkspace } from '../engine/workspace.js';
import { seedWorkspace, type SeededWorkspace } from './seed-workspace.js';

/** A seeded workspace opened the way `canary-gate serve` opens one: the handler context plus a close. */
export function openSeededContext(): { ctx: HandlerContext; seeded: SeededWorkspace; close(): void } {
  const seeded = seedWorkspace();
  const workspace = openWorkspace(seeded.dir);
  const store = openStore(workspace.databaseFile);
  return {
    ctx: { workspace, store, events: new EventBus() },
    seeded,
    close() {
      store.close();
      seeded.cleanup();
    },
  };
}
