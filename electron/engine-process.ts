import type { CallResult } from '../shared/contract/index.js';
import { parseFromEngine, type ToEngineMessage } from './engine-protocol.js';

/** The part of Electron's UtilityProcess this module uses. */
export interface UtilityProcessLike {
  postMessage(message: ToEngineMessage): void;
  kill(): boolean;
  on(event: 'exit', listener: (code: number) => void): unknown;
  on(event: 'message', listener: (message: unknown) => void): unknown;
}

export type EngineEventListener = (event: string, payload: unknown) => void;

export interface EngineProcessOptions {
  /** Starts a fresh engine process (utilityProcess.fork of engine-host.js in the app). */
  fork: () => UtilityProcessLike;
  /** The workspace could not be opened: the app shows this and quits (a restart would fail the same way). */
  onFailed: (message: string) => void;
  /** More crashes than this within `crashWindowMs` stop the restarts: something is broken for good. */
  maxCrashes?: number;
  crashWindowMs?: number;
  /** How long stop() waits for a clean exit before killing the process. */
  stopTimeoutMs?: number;
  now?: () => number;
  log?: (line: string) => void;
}

interface Pending {
  method: string;
  resolve: (result: CallResult<unknown>) => void;
}

type State = 'starting' | 'ready' | 'failed' | 'given-up' | 'stopped';

const infra = (message: string): CallResult<unknown> => ({ ok: false, error: { code: 'infra', message } });

/**
 * The main process's handle on the engine's utility process: forwards each call with a request id, routes
 * each answer back by that id, fans engine events out, and restarts the process when it crashes (the calls
 * it was running are answered with an `infra` error; the window keeps working).
 */
export class EngineProcess {
  private child: UtilityProcessLike | null = null;
  private state: State = 'starting';
  private nextId = 1;
  /** Calls sent to the current process and not yet answered. */
  private readonly inFlight = new Map<number, Pending>();
  /** Calls made before the process said it is ready; sent (in order) when it does. */
  private readonly queued: { id: number; method: string; input: unknown }[] = [];
  private readonly listeners = new Set<EngineEventListener>();
  private readonly readyWaiters = new Set<{ resolve: (root: string) => void; reject: (err: Error) => void }>();
  private crashes: number[] = [];
  private failure = '';
  private workspaceRoot: string | null = null;
  private stopping: Promise<void> | null = null;
  private readonly opts: Required<Omit<EngineProcessOptions, 'log'>> & { log: (line: string) => void };

  constructor(options: EngineProcessOptions) {
    this.opts = {
      maxCrashes: 3,
      crashWindowMs: 60_000,
      stopTimeoutMs: 3_000,
      now: Date.now,
      log: (line) => process.stderr.write(`${line}\n`),
      ...options,
    };
    this.spawn();
  }

  /** Resolves with the workspace root once the engine has opened it; rejects when it could not. */
  ready(): Promise<string> {
    if (this.workspaceRoot !== null && this.state === 'ready') return Promise.resolve(this.workspaceRoot);
    if (this.state === 'failed' || this.state === 'given-up' || this.state === 'stopped') return Promise.reject(new Error(this.failure || 'the engine is stopped'));
    return new Promise((resolve, reject) => this.readyWaiters.add({ resolve, reject }));
  }

  /** Runs one contract call in the engine process; never rejects: every failure is a CallResult. */
  call(method: string, input: unknown): Promise<CallResult<unknown>> {
    if (this.state === 'failed' || this.state === 'given-up' || this.state === 'stopped') return Promise.resolve(infra(`${method}: ${this.failure}`));
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.inFlight.set(id, { method, resolve });
      if (this.state === 'ready') this.send({ type: 'call', id, method, input });
      else this.queued.push({ id, method, input });
    });
  }

  /** Subscribes to every event the engine emits; returns the unsubscribe function. */
  subscribe(listener: EngineEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Asks the engine to close its database and exit; kills it if it has not after stopTimeoutMs. */
  stop(): Promise<void> {
    if (this.stopping) return this.stopping;
    const child = this.child;
    const wasRunning = this.state === 'ready' || this.state === 'starting';
    this.state = 'stopped';
    this.failure = 'the engine is shutting down';
    this.answerAll(infra(`the call was interrupted: ${this.failure}`));
    this.stopping = new Promise<void>((resolve) => {
      if (!child || !wasRunning) return resolve();
      const timer = setTimeout(() => {
        child.kill();
        resolve();
      }, this.opts.stopTimeoutMs);
      child.on('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      try {
        child.postMessage({ type: 'shutdown' });
      } catch {
        child.kill();
      }
    });
    return this.stopping;
  }

  private spawn(): void {
    const child = this.opts.fork();
    this.child = child;
    this.state = 'starting';
    child.on('message', (raw) => {
      if (this.child === child) this.onMessage(raw);
    });
    child.on('exit', (code) => {
      if (this.child === child) this.onExit(code);
    });
  }

  private send(message: ToEngineMessage): void {
    try {
      this.child?.postMessage(message);
    } catch (err) {
      // The process died between its last message and this one; its exit event answers the call.
      this.opts.log(`canary-gate: could not reach the engine process: ${(err as Error).message}`);
    }
  }

  private onMessage(raw: unknown): void {
    const message = parseFromEngine(raw);
    if (!message) {
      this.opts.log(`canary-gate: dropped a malformed message from the engine process: ${JSON.stringify(raw)?.slice(0, 200)}`);
      return;
    }
    switch (message.type) {
      case 'ready': {
        if (this.state !== 'starting') return;
        this.state = 'ready';
        this.workspaceRoot = message.workspaceRoot;
        for (const waiter of this.readyWaiters) waiter.resolve(message.workspaceRoot);
        this.readyWaiters.clear();
        for (const call of this.queued.splice(0)) this.send({ type: 'call', ...call });
        return;
      }
      case 'failed': {
        this.state = 'failed';
        this.failure = `the workspace could not be opened: ${message.message}`;
        this.answerAll(infra(this.failure));
        this.rejectWaiters(new Error(message.message));
        this.child?.kill();
        this.opts.onFailed(message.message);
        return;
      }
      case 'result': {
        const pending = this.inFlight.get(message.id);
        if (!pending) {
          this.opts.log(`canary-gate: the engine answered call ${message.id}, which nobody is waiting for`);
          return;
        }
        this.inFlight.delete(message.id);
        pending.resolve(message.result);
        return;
      }
      case 'event': {
        for (const listener of this.listeners) listener(message.event, message.payload);
        return;
      }
    }
  }

  private onExit(code: number): void {
    if (this.state === 'stopped' || this.state === 'failed' || this.state === 'given-up') return;
    this.child = null;
    const now = this.opts.now();
    this.crashes = [...this.crashes.filter((t) => now - t < this.opts.crashWindowMs), now];
    // Calls already sent may have been half done (a replay started, a vote written): answer them with an error
    // the user can act on rather than silently re-running them. Calls still queued never reached it.
    for (const [id, pending] of this.inFlight) {
      if (this.queued.some((q) => q.id === id)) continue;
      this.inFlight.delete(id);
      pending.resolve(infra(`${pending.method}: the engine process stopped unexpectedly (exit code ${code}) and was restarted; try again`));
    }
    if (this.crashes.length > this.opts.maxCrashes) {
      this.state = 'given-up';
      this.failure = `the engine process keeps stopping (${this.crashes.length} times within ${Math.round(this.opts.crashWindowMs / 1000)} s, last exit code ${code}); restart Canary Gate`;
      this.answerAll(infra(this.failure));
      this.rejectWaiters(new Error(this.failure));
      this.opts.log(`canary-gate: ${this.failure}`);
      return;
    }
    this.opts.log(`canary-gate: the engine process stopped (exit code ${code}); restarting it`);
    this.spawn();
  }

  private answerAll(result: CallResult<unknown>): void {
    for (const pending of this.inFlight.values()) pending.resolve(result);
    this.inFlight.clear();
    this.queued.length = 0;
  }

  private rejectWaiters(err: Error): void {
    for (const waiter of this.readyWaiters) waiter.reject(err);
    this.readyWaiters.clear();
  }
}
