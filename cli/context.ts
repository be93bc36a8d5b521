import { EventBus } from '../engine/api/events.js';
import type { HandlerContext } from '../engine/api/handlers.js';
import { openStore } from '../engine/store/index.js';
import { openWorkspace } from '../engine/workspace.js';
import type { CliIo } from './command.js';

/** The workspace folder a command works in: --workspace, else the current folder. */
export function workspaceDir(values: Record<string, unknown>, io: CliIo): string {
  return typeof values.workspace === 'string' ? values.workspace : io.cwd;
}

/** Opens the workspace and its database for one command; close it when done. */
export function openContext(values: Record<string, unknown>, io: CliIo): HandlerContext & { close(): void } {
  const workspace = openWorkspace(workspaceDir(values, io));
  const store = openStore(workspace.databaseFile);
  return { workspace, store, events: new EventBus(), close: () => store.close() };
}
