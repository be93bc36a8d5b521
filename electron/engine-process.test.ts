import { describe, expect, it } from 'vitest';
import type { ToEngineMessage } from './engine-protocol.js';
import { EngineProcess, type UtilityProcessLike } from './engine-process.js';

/** Stands in for an Electron UtilityProcess: records what main sends, and lets a test answer, emit or crash. */
class FakeUtilityProcess implements UtilityProcessLike {
  readonly sent: ToEngineMessage[] = [];
  killed = 0;
  private readonly handlers = { exit: [] as Array<(code: number) => void>, message: [] as Array<(message: unknown) => void> };
  postMessage(message: ToEngineMessage): void {
    this.sent.push(message);
  }
  kill(): boolean {
    this.killed++;
    return true;
  }
  on(event: 'exit' | 'message', listener: ((code: number) => void) | ((message: unknown) => void)): this {
    (this.handlers[event] as unknown[]).push(listener);
    return this;
  }
  /** A message from the engine host. */
  reply(message: unknown): void {
    for (const l of this.handlers.message) l(message);
  }
  exit(code: number): void {
    for (const l of this.handlers.exit) l(code);
  }
  calls(): Array<Extract<ToEngineMessage, { type: 'call' }>> {
    return this.sent.filter((m): m is Extract<ToEngineMessage, { type: 'call' }> => m.type === 'call');
  }
}

function setup(opts: { maxCrashes?: number; now?: () => number } = {}) {
  const forks: FakeUtilityProcess[] = [];
  const failed: string[] = [];
  const logs: string[] = [];
  const engine = new EngineProcess({
    fork: () => {
      const child = new FakeUtilityProcess();
      forks.push(child);
      return child;
    },
    onFailed: (message) => failed.push(message),
    log: (line) => logs.push(line),
    ...opts,
  });
  const current = () => forks[forks.length - 1]!;
  return { engine, forks, failed, logs, current };
}

/** Lets promise callbacks run. */
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('EngineProcess: calls', () => {
  it('queues calls until the engine is ready, then sends them in order with distinct ids', async () => {
    const { engine, current } = setup();
    const first = engine.call('runs.list', {});
    const second = engine.call('runs.get', { runId: 'r1' });
    expect(current().calls()).toEqual([]);
    current().reply({ type: 'ready', workspaceRoot: '/ws' });
    await expect(engine.ready()).resolves.toBe('/ws');
    const sent = current().calls();
    expect(sent.map((m) => [m.method, m.input])).toEqual([
      ['runs.list', {}],
      ['runs.get', { runId: 'r1' }],
    ]);
    expect(sent[0]!.id).not.toBe(sent[1]!.id);
    void first;
    void second;
  });

  it('routes each answer to its caller by id, whatever the order the engine answers in', async () => {
    const { engine, current } = setup();
    current().reply({ type: 'ready', workspaceRoot: '/ws' });
    const a = engine.call('runs.list', {});
    const b = engine.call('runs.get', { runId: 'r1' });
    const [callA, callB] = current().calls();
    current().reply({ type: 'result', id: callB!.id, result: { ok: true, value: { id: 'r1' } } });
    current().reply({ type: 'result', id: callA!.id, result: { ok: false, error: { code: 'not_found', message: 'no runs' } } });
    await expect(b).resolves.toEqual({ ok: true, value: { id: 'r1' } });
    await expect(a).resolves.toEqual({ ok: false, error: { code: 'not_found', message: 'no runs' } });
  });

  it('drops malformed messages and answers to unknown ids without resolving anything', async () => {
    const { engine, current, logs } = setup();
    current().reply({ type: 'ready', workspaceRoot: '/ws' });
    let settled = false;
    const pending = engine.call('runs.list', {}).then((r) => ((settled = true), r));
    const { id } = current().calls()[0]!;
    current().reply({ type: 'result', id: id + 100, result: { ok: true, value: [] } });
    current().reply({ type: 'result', id, result: { ok: false, error: { code: 'teapot', message: 'x' } } });
    current().reply('garbage');
    await tick();
    expect(settled).toBe(false);
    expect(logs).toHaveLength(3);
    expect(logs[0]).toMatch(/nobody is waiting for/);
    expect(logs[1]).toMatch(/malformed message/);
    current().reply({ type: 'result', id, result: { ok: true, value: [] } });
    await expect(pending).resolves.toEqual({ ok: true, value: [] });
  });
});

describe('EngineProcess: events', () => {
  it('fans every engine event out to subscribers until they unsubscribe', () => {
    const { engine, current } = setup();
    const seen: unknown[] = [];
    const off = engine.subscribe((event, payload) => seen.push([event, payload]));
    current().reply({ type: 'event', event: 'workspace.changed', payload: { dataVersion: 7 } });
    current().reply({ type: 'event', event: 'replay.progress', payload: { runId: 'r1', done: 1, total: 2 } });
    off();
    current().reply({ type: 'event', event: 'workspace.changed', payload: { dataVersion: 8 } });
    expect(seen).toEqual([
      ['workspace.changed', { dataVersion: 7 }],
      ['replay.progress', { runId: 'r1', done: 1, total: 2 }],
    ]);
  });
});

describe('EngineProcess: crashes', () => {
  it('answers the calls a crashed engine was running with an infra error and restarts it', async () => {
    const { engine, forks, current, logs } = setup();
    current().reply({ type: 'ready', workspaceRoot: '/ws' });
    const running = engine.call('replay.start', { suite: 's' });
    current().exit(139);
    await expect(running).resolves.toEqual({
      ok: false,
      error: { code: 'infra', message: 'replay.start: the engine process stopped unexpectedly (exit code 139) and was restarted; try again' },
    });
    expect(forks).toHaveLength(2);
    expect(logs.at(-1)).toMatch(/stopped \(exit code 139\); restarting it/);

    // The new process serves calls as soon as it is ready; the old one is ignored from now on.
    const next = engine.call('runs.list', {});
    expect(current().calls()).toEqual([]);
    current().reply({ type: 'ready', workspaceRoot: '/ws' });
    const { id } = current().calls()[0]!;
    forks[0]!.reply({ type: 'result', id, result: { ok: true, value: ['stale'] } });
    current().reply({ type: 'result', id, result: { ok: true, value: [] } });
    await expect(next).resolves.toEqual({ ok: true, value: [] });
  });

  it('sends calls queued during a restart to the new process instead of failing them', async () => {
    const { engine, current } = setup();
    const queued = engine.call('runs.list', {});
    current().exit(1);
    current().reply({ type: 'ready', workspaceRoot: '/ws' });
    const { id, method } = current().calls()[0]!;
    expect(method).toBe('runs.list');
    current().reply({ type: 'result', id, result: { ok: true, value: [] } });
    await expect(queued).resolves.toEqual({ ok: true, value: [] });
  });

  it('stops restarting after too many crashes within the window and answers every call with an infra error', async () => {
    let now = 0;
    const { engine, forks, current } = setup({ maxCrashes: 2, now: () => now });
    for (let i = 0; i < 3; i++) {
      current().reply({ type: 'ready', workspaceRoot: '/ws' });
      current().exit(134);
      now += 1000;
    }
    expect(forks).toHaveLength(3);
    const result = await engine.call('runs.list', {});
    expect(result).toEqual({
      ok: false,
      error: { code: 'infra', message: 'runs.list: the engine process keeps stopping (3 times within 60 s, last exit code 134); restart Canary Gate' },
    });
    await expect(engine.ready()).rejects.toThrow(/keeps stopping/);
  });

  it('forgets crashes older than the window', () => {
    let now = 0;
    const { forks, current } = setup({ maxCrashes: 1, now: () => now });
    for (let i = 0; i < 4; i++) {
      current().exit(1);
      now += 61_000;
    }
    expect(forks).toHaveLength(5);
  });
});

describe('EngineProcess: workspace failures and shutdown', () => {
  it('reports a workspace that cannot be opened once, answers calls with it, and does not restart', async () => {
    const { engine, forks, failed, current } = setup();
    const waiting = engine.ready();
    const call = engine.call('runs.list', {});
    current().reply({ type: 'failed', message: 'not a Canary Gate workspace: /nope' });
    await expect(waiting).rejects.toThrow('not a Canary Gate workspace: /nope');
    expect(failed).toEqual(['not a Canary Gate workspace: /nope']);
    expect(await call).toEqual({ ok: false, error: { code: 'infra', message: 'the workspace could not be opened: not a Canary Gate workspace: /nope' } });
    expect(current().killed).toBe(1);
    current().exit(1);
    expect(forks).toHaveLength(1);
  });

  it('asks the engine to shut down, resolves on its exit, and does not restart it', async () => {
    const { engine, forks, current } = setup();
    current().reply({ type: 'ready', workspaceRoot: '/ws' });
    const inFlight = engine.call('runs.list', {});
    const stopped = engine.stop();
    expect(current().sent.at(-1)).toEqual({ type: 'shutdown' });
    expect((await inFlight).ok).toBe(false);
    current().exit(0);
    await stopped;
    expect(forks).toHaveLength(1);
    expect(await engine.call('runs.list', {})).toEqual({ ok: false, error: { code: 'infra', message: 'runs.list: the engine is shutting down' } });
  });

  it('kills an engine that does not exit after the shutdown message', async () => {
    const child = new FakeUtilityProcess();
    const engine = new EngineProcess({ fork: () => child, onFailed: () => undefined, stopTimeoutMs: 10, log: () => undefined });
    child.reply({ type: 'ready', workspaceRoot: '/ws' });
    await engine.stop();
    expect(child.sent).toEqual([{ type: 'shutdown' }]);
    expect(child.killed).toBe(1);
  });
});
