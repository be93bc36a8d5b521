import type { CallResult } from '../shared/contract/index.js';
import { dispatch } from '../engine/api/dispatch.js';
import type { HandlerContext } from '../engine/api/handlers.js';
import { parseToEngine, type FromEngineMessage } from './engine-protocol.js';

/** The part of Electron's `process.parentPort` (inside a utility process) this module uses. */
export interface ParentPortLike {
  on(event: 'message', listener: (messageEvent: { data: unknown }) => void): unknown;
  postMessage(message: FromEngineMessage): void;
}

/** An open workspace for the engine process; close() stops its work and releases the database. */
export type EngineContext = HandlerContext & {
  close(): void | Promise<void>;
  /** A call arrived or was answered (background work waits for a quiet moment). */
  noteCall?(): void;
};

export interface EngineServiceOptions {
  port: ParentPortLike;
  /** Opens the workspace; a throw is reported to main as `failed` (it shows the message and quits). */
  open: () => EngineContext;
  /** Called once after a `shutdown` message, when the context is closed (the entry exits the process). */
  onShutdown: () => void;
  /** Where dropped messages are reported (stderr of the utility process, which Electron passes through). */
  log?: (line: string) => void;
}

/**
 * Runs the engine side of the desktop app: opens the workspace, answers every `call` through the same
 * dispatch as `canary-gate serve`, and forwards every EventBus event to the main process.
 */
export function serveEngine(opts: EngineServiceOptions): { close(): Promise<void> } {
  const { port, onShutdown } = opts;
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  let ctx: EngineContext;
  try {
    ctx = opts.open();
  } catch (err) {
    port.postMessage({ type: 'failed', message: (err as Error).message });
    return { close: () => Promise.resolve() };
  }

  const unsubscribe = ctx.events.subscribe((event, payload) => port.postMessage({ type: 'event', event, payload }));
  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    // Events emitted while closing (a replay's last `cancelled` progress) still go out.
    closing ??= Promise.resolve()
      .then(() => ctx.close())
      .catch((err: unknown) => log(`canary-gate engine: closing the workspace failed: ${(err as Error).message}`))
      .finally(unsubscribe);
    return closing;
  };

  port.on('message', ({ data }) => {
    const message = parseToEngine(data);
    if (!message) {
      log(`canary-gate engine: dropped a malformed message from the main process: ${JSON.stringify(data)?.slice(0, 200)}`);
      return;
    }
    if (message.type === 'shutdown') {
      void close().then(onShutdown);
      return;
    }
    const { id, method, input } = message;
    if (closing) {
      port.postMessage({ type: 'result', id, result: { ok: false, error: { code: 'infra', message: `${method}: the engine is shutting down` } } });
      return;
    }
    // dispatch already turns handler errors into data; the catch is for a bug in dispatch itself, which must
    // still answer the call rather than leave the window waiting forever.
    ctx.noteCall?.();
    dispatch(method, input, ctx)
      .finally(() => ctx.noteCall?.())
      .catch((err: unknown): CallResult<unknown> => ({ ok: false, error: { code: 'internal', message: `${method}: ${(err as Error).message}` } }))
      .then((result) => port.postMessage({ type: 'result', id, result }));
  });

  port.postMessage({ type: 'ready', workspaceRoot: ctx.workspace.root });
  return { close };
}
