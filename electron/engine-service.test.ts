import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSeededContext } from '../test-support/seeded-context.js';
import type { FromEngineMessage } from './engine-protocol.js';
import { serveEngine, type EngineContext, type ParentPortLike } from './engine-service.js';

/** Stands in for `process.parentPort` inside the utility process. */
class FakeParentPort implements ParentPortLike {
  readonly posted: FromEngineMessage[] = [];
  private listener: ((e: { data: unknown }) => void) | null = null;
  on(_event: 'message', listener: (e: { data: unknown }) => void): this {
    this.listener = listener;
    return this;
  }
  postMessage(message: FromEngineMessage): void {
    this.posted.push(message);
  }
  /** A message from the main process, wrapped the way Electron wraps it. */
  send(data: unknown): void {
    this.listener?.({ data });
  }
  /** Resolves with the result for call id once it has been posted. */
  async resultOf(id: number): Promise<Extract<FromEngineMessage, { type: 'result' }>['result']> {
    for (let i = 0; i < 200; i++) {
      const found = this.posted.find((m): m is Extract<FromEngineMessage, { type: 'result' }> => m.type === 'result' && m.id === id);
      if (found) return found.result;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error(`no result for call ${id}`);
  }
}

let seeded: ReturnType<typeof openSeededContext>;
beforeAll(() => {
  seeded = openSeededContext();
});
afterAll(() => seeded?.close());

function start(overrides: Partial<EngineContext> = {}) {
  const port = new FakeParentPort();
  const logs: string[] = [];
  let closed = 0;
  let shutdowns = 0;
  const ctx: EngineContext = { ...seeded.ctx, close: () => void closed++, ...overrides };
  const service = serveEngine({ port, open: () => ctx, onShutdown: () => void shutdowns++, log: (l) => logs.push(l) });
  return { port, logs, ctx, service, closed: () => closed, shutdowns: () => shutdowns };
}

describe('serveEngine', () => {
  it('says ready with the workspace root once it is open', () => {
    const { port } = start();
    expect(port.posted).toEqual([{ type: 'ready', workspaceRoot: seeded.ctx.workspace.root }]);
  });

  it('answers calls through dispatch with the id they came with', async () => {
    const { port } = start();
    const [runId] = seeded.seeded.runIds;
    port.send({ type: 'call', id: 7, method: 'runs.get', input: { runId } });
    port.send({ type: 'call', id: 8, method: 'runs.get', input: { runId: 'run-missing' } });
    port.send({ type: 'call', id: 9, method: 'no.such', input: {} });
    const got = (await port.resultOf(7)) as { ok: true; value: { id: string; verdict: string } };
    expect(got.ok).toBe(true);
    expect(got.value.id).toBe(runId);
    expect(got.value.verdict).toBe('FAIL');
    expect(await port.resultOf(8)).toEqual({ ok: false, error: { code: 'not_found', message: 'no run "run-missing"' } });
    expect(await port.resultOf(9)).toEqual({ ok: false, error: { code: 'not_found', message: 'unknown method "no.such"' } });
  });

  it('forwards every event of the context bus to the main process', () => {
    const { port, ctx } = start();
    ctx.events.emit('workspace.changed', { dataVersion: 12 });
    ctx.events.emit('replay.progress', { runId: 'r1', done: 3, total: 10, infraErrors: 1 } as never);
    expect(port.posted.slice(1)).toEqual([
      { type: 'event', event: 'workspace.changed', payload: { dataVersion: 12 } },
      { type: 'event', event: 'replay.progress', payload: { runId: 'r1', done: 3, total: 10, infraErrors: 1 } },
    ]);
  });

  it('logs and drops malformed messages', () => {
    const { port, logs } = start();
    port.send({ type: 'call', id: 'x', method: 'runs.list' });
    port.send(null);
    expect(port.posted).toHaveLength(1);
    expect(logs).toHaveLength(2);
    expect(logs[0]).toMatch(/dropped a malformed message/);
  });

  it('reports a workspace that cannot be opened as failed, with the reason', () => {
    const port = new FakeParentPort();
    serveEngine({
      port,
      open: () => {
        throw new Error('not a Canary Gate workspace: /nope (run `canary-gate init`)');
      },
      onShutdown: () => undefined,
    });
    expect(port.posted).toEqual([{ type: 'failed', message: 'not a Canary Gate workspace: /nope (run `canary-gate init`)' }]);
  });

  it('on shutdown closes the context once, then exits, and refuses later calls', async () => {
    const { port, closed, shutdowns, ctx } = start();
    port.send({ type: 'shutdown' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(closed()).toBe(1);
    expect(shutdowns()).toBe(1);
    port.send({ type: 'call', id: 3, method: 'runs.list', input: {} });
    expect(await port.resultOf(3)).toEqual({ ok: false, error: { code: 'infra', message: 'runs.list: the engine is shutting down' } });
    ctx.events.emit('workspace.changed', { dataVersion: 13 });
    expect(port.posted.filter((m) => m.type === 'event')).toEqual([]);
  });
});
