import { errorCodes, type CallResult } from '../shared/contract/index.js';

// The messages between the main process and the engine's utility process (electron/engine-host.ts). Both sides
// are our code, but the engine process runs user suites, scorers and provider SDKs: the main process checks
// what comes back before routing it, so a confused engine can never answer the wrong call or crash main.

/** Main → engine: run one contract call; the answer carries the same id. */
export interface CallMessage {
  type: 'call';
  id: number;
  method: string;
  input: unknown;
}

/** Main → engine: close the database and exit. */
export interface ShutdownMessage {
  type: 'shutdown';
}

export type ToEngineMessage = CallMessage | ShutdownMessage;

/** Engine → main: the workspace is open and calls may flow. */
export interface ReadyMessage {
  type: 'ready';
  workspaceRoot: string;
}

/** Engine → main: the workspace could not be opened; restarting would fail the same way. */
export interface FailedMessage {
  type: 'failed';
  message: string;
}

/** Engine → main: the answer to call `id`, errors included, as data. */
export interface ResultMessage {
  type: 'result';
  id: number;
  result: CallResult<unknown>;
}

/** Engine → main: one EventBus event, forwarded as it was emitted. */
export interface EventMessage {
  type: 'event';
  event: string;
  payload: unknown;
}

export type FromEngineMessage = ReadyMessage | FailedMessage | ResultMessage | EventMessage;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCallResult(value: unknown): value is CallResult<unknown> {
  if (!isRecord(value)) return false;
  if (value.ok === true) return 'value' in value;
  if (value.ok !== false || !isRecord(value.error)) return false;
  const { code, message } = value.error;
  return typeof message === 'string' && (errorCodes as readonly unknown[]).includes(code);
}

/** The engine's message when it is well formed, else null (the caller logs and drops it). */
export function parseFromEngine(message: unknown): FromEngineMessage | null {
  if (!isRecord(message)) return null;
  switch (message.type) {
    case 'ready':
      return typeof message.workspaceRoot === 'string' ? { type: 'ready', workspaceRoot: message.workspaceRoot } : null;
    case 'failed':
      return typeof message.message === 'string' ? { type: 'failed', message: message.message } : null;
    case 'result':
      return Number.isSafeInteger(message.id) && isCallResult(message.result) ? { type: 'result', id: message.id as number, result: message.result } : null;
    case 'event':
      return typeof message.event === 'string' ? { type: 'event', event: message.event, payload: message.payload } : null;
    default:
      return null;
  }
}

/** The main process's message when it is well formed, else null. */
export function parseToEngine(message: unknown): ToEngineMessage | null {
  if (!isRecord(message)) return null;
  if (message.type === 'shutdown') return { type: 'shutdown' };
  if (message.type === 'call' && Number.isSafeInteger(message.id) && typeof message.method === 'string') {
    return { type: 'call', id: message.id as number, method: message.method, input: message.input };
  }
  return null;
}
