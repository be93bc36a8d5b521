import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dispatch } from '../engine/api/dispatch.js';
import { EventBus } from '../engine/api/events.js';
import type { HandlerContext } from '../engine/api/handlers.js';
import { openSeededContext } from '../test-support/seeded-context.js';
import { appPageUrl, CALL_CHANNEL, EVENT_CHANNEL, forwardEvents, isAppPage, registerWorkbenchIpc, type InvokeEventLike, type IpcMainLike } from './ipc.js';

type Handler = (event: InvokeEventLike, ...args: unknown[]) => unknown;

/** Records handlers the way Electron's ipcMain does, so a test can invoke them with any sender frame. */
class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Handler>();
  handle(channel: string, listener: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  invoke(frameUrl: string | null, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(CALL_CHANNEL);
    if (!handler) throw new Error('no handler');
    const event: InvokeEventLike = { senderFrame: frameUrl === null ? null : { url: frameUrl, parent: null } };
    return Promise.resolve().then(() => handler(event, ...args));
  }
}

const indexHtml = '/opt/Canary Gate/resources/app/dist/renderer/index.html';
const appUrl = appPageUrl(indexHtml);

let seeded: ReturnType<typeof openSeededContext>;
beforeAll(() => {
  seeded = openSeededContext();
});
afterAll(() => seeded?.close());

/** What the EngineProcess does in the app, minus the utility process: the same dispatch on the same context. */
const engineCall = (ctx: HandlerContext) => (method: string, input: unknown) => dispatch(method, input, ctx);

describe('appPageUrl / isAppPage', () => {
  it('is the file:// URL of the built page', () => {
    expect(appUrl).toBe('file:///opt/Canary%20Gate/resources/app/dist/renderer/index.html');
  });

  it('accepts the page with a query or fragment and nothing else', () => {
    expect(isAppPage(appUrl, appUrl)).toBe(true);
    expect(isAppPage(`${appUrl}?x=1#runs`, appUrl)).toBe(true);
    expect(isAppPage('file:///opt/Canary%20Gate/resources/app/dist/renderer/other.html', appUrl)).toBe(false);
    expect(isAppPage('file:///etc/passwd', appUrl)).toBe(false);
    expect(isAppPage('https://evil.example/dist/renderer/index.html', appUrl)).toBe(false);
    expect(isAppPage('not a url', appUrl)).toBe(false);
  });
});

describe('registerWorkbenchIpc', () => {
  it('routes a call from the app page to the engine and returns its CallResult', async () => {
    const ipc = new FakeIpcMain();
    registerWorkbenchIpc({ ipcMain: ipc, call: engineCall(seeded.ctx), appUrl });
    const [gatedRunId] = seeded.seeded.runIds;
    const result = (await ipc.invoke(appUrl, 'runs.get', { runId: gatedRunId })) as { ok: true; value: { id: string; verdict: string; gate: { gates: unknown[] } } };
    expect(result.ok).toBe(true);
    expect(result.value.id).toBe(gatedRunId);
    expect(result.value.verdict).toBe('FAIL');
    expect(result.value.gate.gates).toHaveLength(6);
  });

  it('keeps error codes as data', async () => {
    const ipc = new FakeIpcMain();
    registerWorkbenchIpc({ ipcMain: ipc, call: engineCall(seeded.ctx), appUrl });
    expect(await ipc.invoke(appUrl, 'runs.get', { runId: 'run-missing' })).toEqual({ ok: false, error: { code: 'not_found', message: 'no run "run-missing"' } });
    expect(await ipc.invoke(appUrl, 'no.such', {})).toEqual({ ok: false, error: { code: 'not_found', message: 'unknown method "no.such"' } });
    expect(await ipc.invoke(appUrl, 42, {})).toEqual({ ok: false, error: { code: 'bad_input', message: 'method must be a string' } });
  });

  it('rejects calls from a foreign frame without reaching the engine', async () => {
    const ipc = new FakeIpcMain();
    const call = vi.fn(engineCall(seeded.ctx));
    registerWorkbenchIpc({ ipcMain: ipc, call, appUrl });
    for (const url of ['https://evil.example/', 'file:///tmp/evil.html', 'about:blank', null]) {
      await expect(ipc.invoke(url, 'runs.list', {}), String(url)).rejects.toThrow(/not the Canary Gate app page/);
    }
    expect(call).not.toHaveBeenCalled();
    await ipc.invoke(appUrl, 'runs.list', {});
    expect(call).toHaveBeenCalledTimes(1);
  });

  it('rejects a subframe even when it shows the app page', async () => {
    const ipc = new FakeIpcMain();
    registerWorkbenchIpc({ ipcMain: ipc, call: engineCall(seeded.ctx), appUrl });
    const handler = ipc.handlers.get(CALL_CHANNEL)!;
    await expect(Promise.resolve().then(() => handler({ senderFrame: { url: appUrl, parent: {} } }, 'runs.list', {}))).rejects.toThrow(/not the Canary Gate app page/);
  });

  it('returns an unregister function that removes the handler', () => {
    const ipc = new FakeIpcMain();
    const unregister = registerWorkbenchIpc({ ipcMain: ipc, call: engineCall(seeded.ctx), appUrl });
    expect([...ipc.handlers.keys()]).toEqual(['workbench:call']);
    unregister();
    expect(ipc.handlers.size).toBe(0);
  });
});

describe('forwardEvents', () => {
  it('sends each engine event to the window on workbench:event until unsubscribed', () => {
    const bus = new EventBus();
    const sent: unknown[][] = [];
    let destroyed = false;
    const off = forwardEvents(bus, { send: (...args) => sent.push(args), isDestroyed: () => destroyed });
    bus.emit('replay.progress', { runId: 'run-1', done: 1, total: 4, infraErrors: 0 });
    destroyed = true;
    bus.emit('replay.progress', { runId: 'run-1', done: 2, total: 4, infraErrors: 0 });
    destroyed = false;
    off();
    bus.emit('replay.progress', { runId: 'run-1', done: 3, total: 4, infraErrors: 0 });
    expect(sent).toEqual([[EVENT_CHANNEL, { event: 'replay.progress', payload: { runId: 'run-1', done: 1, total: 4, infraErrors: 0 } }]]);
  });
});
