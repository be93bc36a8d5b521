// electron/main.ts against a mocked `electron` module: the wiring of the real entry point, in order — hardening
// before any window, the engine forked as a utility process, calls from the page forwarded to it by id, engine
// events to the window, a crashed engine restarted, and a clean shutdown.
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { CALL_CHANNEL, EVENT_CHANNEL } from './ipc.js';

const fake = vi.hoisted(() => {
  type Listener = (...args: unknown[]) => void;
  class FakeChild {
    readonly sent: unknown[] = [];
    readonly listeners = new Map<string, Listener[]>();
    killed = 0;
    constructor(
      readonly modulePath: string,
      readonly args: string[],
      readonly options: Record<string, unknown>,
    ) {}
    postMessage(message: unknown): void {
      this.sent.push(message);
    }
    kill(): boolean {
      this.killed++;
      return true;
    }
    on(event: string, listener: Listener): this {
      this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
      return this;
    }
    emit(event: string, ...args: unknown[]): void {
      for (const l of this.listeners.get(event) ?? []) l(...args);
    }
  }
  class FakeWindow {
    static created: FakeWindow[] = [];
    readonly sent: unknown[][] = [];
    readonly webContents = { send: (...args: unknown[]) => void this.sent.push(args), isDestroyed: () => false };
    readonly listeners = new Map<string, Listener>();
    loaded: string | null = null;
    shown = 0;
    constructor(readonly options: { title: string; webPreferences: Record<string, unknown> }) {
      FakeWindow.created.push(this);
    }
    once(event: string, listener: Listener): this {
      this.listeners.set(event, listener);
      return this;
    }
    on(event: string, listener: Listener): this {
      this.listeners.set(event, listener);
      return this;
    }
    show(): void {
      this.shown++;
    }
    loadFile(path: string): Promise<void> {
      this.loaded = path;
      return Promise.resolve();
    }
  }
  const order: string[] = [];
  const appListeners = new Map<string, Listener>();
  const ipcHandlers = new Map<string, Listener>();
  const children: FakeChild[] = [];
  return {
    FakeWindow,
    order,
    appListeners,
    ipcHandlers,
    children,
    electron: {
      app: {
        enableSandbox: () => void order.push('enableSandbox'),
        on: (event: string, listener: Listener) => void appListeners.set(event, listener),
        whenReady: () => Promise.resolve(),
        exit: (code: number) => void order.push(`exit ${code}`),
        quit: () => void order.push('quit'),
      },
      dialog: { showErrorBox: (_title: string, content: string) => void order.push(`error: ${content}`) },
      ipcMain: {
        handle: (channel: string, listener: Listener) => void ipcHandlers.set(channel, listener),
        removeHandler: (channel: string) => void ipcHandlers.delete(channel),
      },
      session: {
        defaultSession: {
          webRequest: { onHeadersReceived: () => void order.push('csp') },
          setPermissionRequestHandler: () => void order.push('permission requests denied'),
          setPermissionCheckHandler: () => void order.push('permission checks denied'),
        },
      },
      utilityProcess: {
        fork: (modulePath: string, args: string[], options: Record<string, unknown>) => {
          order.push('fork');
          const child = new FakeChild(modulePath, args, options);
          children.push(child);
          return child;
        },
      },
      BrowserWindow: FakeWindow,
    },
  };
});

vi.mock('electron', () => fake.electron);

const argv = process.argv;
afterAll(() => {
  process.argv = argv;
});

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
const window = () => fake.FakeWindow.created[0]!;
const child = () => fake.children[fake.children.length - 1]!;
function invoke(url: string, ...args: unknown[]): Promise<unknown> {
  return Promise.resolve().then(() => fake.ipcHandlers.get(CALL_CHANNEL)!({ senderFrame: { url, parent: null } }, ...args));
}
const appUrl = () => pathToFileURL(window().loaded!).href;

describe('electron/main.ts', () => {
  it('hardens every renderer and the session, then forks the engine on the workspace, before any window', async () => {
    process.argv = [...argv.slice(0, 2), '--workspace', '/work/ws'];
    // A variable specifier keeps the type-checker of the tests out of main.ts, whose 'electron' types exist only
    // in tsconfig.electron.json.
    const entry = './main.js';
    await import(/* @vite-ignore */ entry);
    await tick();
    expect(fake.order).toEqual(['enableSandbox', 'csp', 'permission requests denied', 'permission checks denied', 'fork']);
    expect(fake.appListeners.has('web-contents-created')).toBe(true);
    expect(child().modulePath).toMatch(/[/\\]electron[/\\]engine-host\.js$/);
    expect(child().args).toEqual(['--workspace=/work/ws']);
    expect(child().options).toMatchObject({ serviceName: 'Canary Gate engine' });
    expect(fake.FakeWindow.created).toHaveLength(0);
    expect(fake.ipcHandlers.size).toBe(0);
  });

  it('opens the hardened window on the built page once the engine is ready', async () => {
    child().emit('message', { type: 'ready', workspaceRoot: '/work/ws' });
    await tick();
    expect(fake.FakeWindow.created).toHaveLength(1);
    expect(window().options.title).toBe('Canary Gate — /work/ws');
    expect(window().options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(window().options.webPreferences.preload).toMatch(/[/\\]electron[/\\]preload\.cjs$/);
    expect(window().loaded).toMatch(/[/\\]renderer[/\\]index\.html$/);
    expect(window().shown).toBe(0);
    window().listeners.get('ready-to-show')!();
    expect(window().shown).toBe(1);
  });

  it('forwards a call from the app page to the engine and routes the answer back by id', async () => {
    const answer = invoke(appUrl(), 'runs.get', { runId: 'r1' });
    await tick();
    const call = child().sent.at(-1) as { type: string; id: number; method: string; input: unknown };
    expect(call).toMatchObject({ type: 'call', method: 'runs.get', input: { runId: 'r1' } });
    child().emit('message', { type: 'result', id: call.id, result: { ok: true, value: { id: 'r1' } } });
    expect(await answer).toEqual({ ok: true, value: { id: 'r1' } });
  });

  it('refuses a call from a foreign frame without sending anything to the engine', async () => {
    const before = child().sent.length;
    await expect(invoke('https://evil.example/', 'runs.list', {})).rejects.toThrow(/not the Canary Gate app page/);
    expect(child().sent).toHaveLength(before);
  });

  it('sends engine events to the window', () => {
    child().emit('message', { type: 'event', event: 'workspace.changed', payload: { dataVersion: 4 } });
    expect(window().sent).toEqual([[EVENT_CHANNEL, { event: 'workspace.changed', payload: { dataVersion: 4 } }]]);
  });

  it('answers a call the crashed engine was running with an infra error and forks a new one', async () => {
    const answer = invoke(appUrl(), 'replay.start', {});
    await tick();
    child().emit('exit', 139);
    expect(await answer).toEqual({ ok: false, error: { code: 'infra', message: 'replay.start: the engine process stopped unexpectedly (exit code 139) and was restarted; try again' } });
    expect(fake.children).toHaveLength(2);
    expect(child().args).toEqual(['--workspace=/work/ws']);
    child().emit('message', { type: 'ready', workspaceRoot: '/work/ws' });
    const next = invoke(appUrl(), 'runs.list', {});
    await tick();
    const call = child().sent.at(-1) as { id: number };
    child().emit('message', { type: 'result', id: call.id, result: { ok: true, value: [] } });
    expect(await next).toEqual({ ok: true, value: [] });
    expect(fake.FakeWindow.created).toHaveLength(1);
  });

  it('on closing the window: unregisters IPC, shuts the engine down, then quits', async () => {
    fake.appListeners.get('window-all-closed')!();
    expect(fake.ipcHandlers.size).toBe(0);
    expect(child().sent.at(-1)).toEqual({ type: 'shutdown' });
    expect(fake.order).not.toContain('quit');
    child().emit('exit', 0);
    await tick();
    expect(fake.order.at(-1)).toBe('quit');
    expect(fake.children).toHaveLength(2);
  });
});

describe('electron/main.ts on a folder that is not a workspace', () => {
  it('shows the reason once, exits 2 and opens no window', async () => {
    vi.resetModules();
    fake.order.length = 0;
    fake.children.length = 0;
    fake.FakeWindow.created.length = 0;
    fake.ipcHandlers.clear();
    process.argv = [...argv.slice(0, 2), '--workspace=/tmp/not-a-workspace'];
    const entry = './main.js';
    await import(/* @vite-ignore */ entry);
    await tick();
    expect(child().args).toEqual(['--workspace=/tmp/not-a-workspace']);
    child().emit('message', { type: 'failed', message: 'not a Canary Gate workspace (run `canary-gate init`)' });
    await tick();
    expect(fake.order.filter((o) => o.startsWith('error') || o.startsWith('exit'))).toEqual([
      'error: Cannot open the workspace /tmp/not-a-workspace:\nnot a Canary Gate workspace (run `canary-gate init`)',
      'exit 2',
    ]);
    expect(fake.FakeWindow.created).toHaveLength(0);
    expect(fake.ipcHandlers.size).toBe(0);
    expect(child().killed).toBe(1);
    expect(fake.children).toHaveLength(1);
  });
});
