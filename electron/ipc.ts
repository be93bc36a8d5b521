import { pathToFileURL } from 'node:url';
import type { CallResult } from '../shared/contract/index.js';

// The two fixed channels of the preload (electron/preload.cts repeats them: a sandboxed preload cannot
// import local files).
export const CALL_CHANNEL = 'workbench:call';
export const EVENT_CHANNEL = 'workbench:event';

// Structural stand-ins for the few Electron types used here, so this file (and its tests) compile and run
// where the electron package is absent — which is everywhere but a developer's desktop.

/** The part of an IpcMainInvokeEvent this module reads. */
export interface InvokeEventLike {
  senderFrame: { url: string; parent?: unknown } | null;
}

/** The part of Electron's ipcMain this module uses. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

/** The part of Electron's webContents this module uses. */
export interface WebContentsSenderLike {
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
}

/** The file:// URL of the built renderer page, the only page allowed to call the engine. */
export function appPageUrl(indexHtmlPath: string): string {
  return pathToFileURL(indexHtmlPath).href;
}

/** True when url is the app page itself (a query string or fragment does not change the page). */
export function isAppPage(url: string, appUrl: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  const app = new URL(appUrl);
  return parsed.protocol === app.protocol && parsed.host === app.host && parsed.pathname === app.pathname;
}

/** Runs one contract call (in the app: forwarded to the engine's utility process, which runs dispatch). */
export type EngineCall = (method: string, input: unknown) => Promise<CallResult<unknown>>;

/** Anything that fans engine events out: the EngineProcess in the app, an EventBus in tests. */
export interface EngineEventSource {
  subscribe(listener: (event: string, payload: unknown) => void): () => void;
}

/**
 * Registers `workbench:call`: only the app page's top frame may call, and every call goes to the engine, which
 * runs the same dispatch as the HTTP server. Returns a function that removes the handler.
 */
export function registerWorkbenchIpc(opts: { ipcMain: IpcMainLike; call: EngineCall; appUrl: string }): () => void {
  const { ipcMain, call, appUrl } = opts;
  ipcMain.handle(CALL_CHANNEL, async (event, method, input): Promise<CallResult<unknown>> => {
    const frame = event.senderFrame;
    // A frame that navigated away (or a subframe someone injected) must not reach the engine; throwing
    // rejects the renderer's invoke instead of handing it an answer.
    if (!frame || !isAppPage(frame.url, appUrl) || (frame.parent !== undefined && frame.parent !== null)) {
      throw new Error(`${CALL_CHANNEL} refused: the sender is not the Canary Gate app page`);
    }
    if (typeof method !== 'string') return { ok: false, error: { code: 'bad_input', message: 'method must be a string' } };
    return call(method, input);
  });
  return () => ipcMain.removeHandler(CALL_CHANNEL);
}

/** Forwards every engine event to the window as `workbench:event` {event, payload}; returns the unsubscribe. */
export function forwardEvents(source: EngineEventSource, contents: WebContentsSenderLike): () => void {
  return source.subscribe((event, payload) => {
    if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL, { event, payload });
  });
}
