// The real engine host in a real separate process: Node's child_process.fork stands in for Electron's
// utilityProcess.fork (same message passing: structured clone over a channel; `process.parentPort` is shimmed
// the way Electron provides it), so the whole chain — IPC check, EngineProcess, engine-host, dispatch, the
// workspace watch — runs here without the Electron binary.
import Database from 'better-sqlite3';
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openWorkspace } from '../engine/workspace.js';
import { seedWorkspace, type SeededWorkspace } from '../test-support/seed-workspace.js';
import { EngineProcess, type UtilityProcessLike } from './engine-process.js';
import { appPageUrl, CALL_CHANNEL, EVENT_CHANNEL, forwardEvents, registerWorkbenchIpc, type InvokeEventLike } from './ipc.js';

const hostTs = fileURLToPath(new URL('./engine-host.ts', import.meta.url));
let scratch: string;
let bootstrap: string;
let seeded: SeededWorkspace;
const engines: EngineProcess[] = [];

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'canary-gate-engine-host-'));
  bootstrap = join(scratch, 'utility-process.mjs');
  writeFileSync(
    bootstrap,
    [
      '// What Electron gives a utility process: process.parentPort, with messages wrapped as { data }.',
      'process.parentPort = {',
      "  on(event, listener) { if (event === 'message') process.on('message', (data) => listener({ data })); return this; },",
      '  postMessage(message) { process.send(message); },',
      '};',
      `await import(${JSON.stringify(pathToFileURL(hostTs).href)});`,
    ].join('\n'),
  );
  seeded = seedWorkspace();
});

afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.stop()));
});

afterAll(() => {
  seeded?.cleanup();
  rmSync(scratch, { recursive: true, force: true });
});

/** Forks the real engine-host.ts (through tsx) and adapts the child to what EngineProcess expects. */
function forkHost(dir: string, children: ChildProcess[]): UtilityProcessLike {
  const child = fork(bootstrap, [`--workspace=${dir}`], { execArgv: ['--import', 'tsx'], serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  child.on('error', () => undefined); // a send to a process that just died; its exit event reports it
  children.push(child);
  return {
    postMessage: (message) => void child.send(message),
    kill: () => child.kill(),
    on(event: 'exit' | 'message', listener: (value: never) => void) {
      if (event === 'exit') child.on('exit', (code, signal) => (listener as (code: number) => void)(code ?? (signal ? 128 : 1)));
      else child.on('message', listener as (message: unknown) => void);
      return this;
    },
  };
}

function startEngine(dir: string) {
  const children: ChildProcess[] = [];
  const failed: string[] = [];
  const logs: string[] = [];
  const engine = new EngineProcess({ fork: () => forkHost(dir, children), onFailed: (m) => failed.push(m), log: (l) => logs.push(l) });
  engines.push(engine);
  return { engine, children, failed, logs };
}

async function until<T>(probe: () => T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the engine in its own process', () => {
  it('answers the app page through the IPC check, and forwards a workspace change made by another process', async () => {
    const { engine, children } = startEngine(seeded.dir);
    expect(await engine.ready()).toBe(openWorkspace(seeded.dir).root);
    expect(children[0]!.pid).not.toBe(process.pid);

    const handlers = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => unknown>();
    const appUrl = appPageUrl('/app/dist/renderer/index.html');
    registerWorkbenchIpc({ ipcMain: { handle: (c, l) => void handlers.set(c, l), removeHandler: (c) => void handlers.delete(c) }, call: (m, i) => engine.call(m, i), appUrl });
    const invoke = (url: string, ...args: unknown[]) => Promise.resolve().then(() => handlers.get(CALL_CHANNEL)!({ senderFrame: { url, parent: null } }, ...args));

    const [runId] = seeded.runIds;
    const got = (await invoke(appUrl, 'runs.get', { runId })) as { ok: true; value: { id: string; verdict: string } };
    expect(got.ok).toBe(true);
    expect(got.value).toMatchObject({ id: runId, verdict: 'FAIL' });
    expect(await invoke(appUrl, 'runs.get', { runId: 'run-missing' })).toEqual({ ok: false, error: { code: 'not_found', message: 'no run "run-missing"' } });
    await expect(invoke('https://evil.example/', 'runs.list', {})).rejects.toThrow(/not the Canary Gate app page/);

    const sent: unknown[][] = [];
    forwardEvents(engine, { send: (...args) => void sent.push(args), isDestroyed: () => false });
    // Another process (the CLI, in real life) commits to the workspace database.
    const other = new Database(openWorkspace(seeded.dir).databaseFile);
    try {
      other.exec('CREATE TABLE IF NOT EXISTS engine_host_probe (x); INSERT INTO engine_host_probe VALUES (1)');
    } finally {
      other.close();
    }
    const changed = await until(() => sent.find(([channel, message]) => channel === EVENT_CHANNEL && (message as { event: string }).event === 'workspace.changed'), 'workspace.changed');
    expect((changed[1] as { payload: { dataVersion: number } }).payload.dataVersion).toEqual(expect.any(Number));
  });

  it('restarts a killed engine process and keeps answering', async () => {
    const { engine, children, logs } = startEngine(seeded.dir);
    await engine.ready();
    expect((await engine.call('runs.list', {})).ok).toBe(true);
    children[0]!.kill('SIGKILL');
    await until(() => (children.length === 2 ? true : undefined), 'a second engine process');
    const after = await engine.call('runs.list', {});
    expect(after.ok).toBe(true);
    expect(children[1]!.pid).not.toBe(children[0]!.pid);
    expect(logs.some((l) => /the engine process stopped \(exit code \d+\); restarting it/.test(l))).toBe(true);
  });

  it('reports a folder that is not a workspace once, without restarting', async () => {
    const empty = mkdtempSync(join(scratch, 'not-a-workspace-'));
    const { engine, children, failed } = startEngine(empty);
    await expect(engine.ready()).rejects.toThrow();
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatch(/workspace|canary-gate/i);
    expect((await engine.call('runs.list', {})).ok).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(children).toHaveLength(1);
  });

  it('shuts down cleanly when asked: exit code 0', async () => {
    const { engine, children } = startEngine(seeded.dir);
    await engine.ready();
    const exited = new Promise<number | null>((resolve) => children[0]!.once('exit', (code) => resolve(code)));
    await engine.stop();
    expect(await exited).toBe(0);
  });
});
