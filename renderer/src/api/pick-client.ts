import type { WorkbenchClient } from '../../../shared/contract/index.js';
import { createPageHttpClient } from './http-client.js';
import { createIpcClient } from './ipc-client.js';

/** Electron's preload provides window.workbench; without it the page was served by `canary-gate serve`. */
export function pickClient(win: Window = window): WorkbenchClient {
  return win.workbench ? createIpcClient(win.workbench) : createPageHttpClient(win);
}
