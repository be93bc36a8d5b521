import type { CallResult, EventName, EventPayload, Method, MethodInput, MethodOutput, WorkbenchClient } from '../../../shared/contract/index.js';

/** Answers per method for a fake client; a method without one answers not_found (a test that needs it must say so). */
export type Responder = { [M in Method]?: (input: MethodInput<M>) => CallResult<MethodOutput<M>> | Promise<CallResult<MethodOutput<M>>> };

export interface FakeClient extends WorkbenchClient {
  /** Every call made, in order. */
  calls: { method: string; input: unknown }[];
  /** Pushes an event to the listeners, as the engine would. */
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  /** The inputs of every call of one method. */
  callsOf(method: Method): unknown[];
}

export const workspaceInfo: MethodOutput<'workspace.info'> = {
  root: '/work/demo',
  database: '/work/demo/.canary-gate/canary-gate.db',
  version: '0.1.0',
  reviewer: null,
};

/** A WorkbenchClient answering from tables, recording every call, with events the test can push. */
export function fakeClient(responders: Responder = {}): FakeClient {
  const table: Responder = { 'workspace.info': () => ({ ok: true, value: workspaceInfo }), ...responders };
  const listeners: { event: string; listener: (p: unknown) => void }[] = [];
  const calls: { method: string; input: unknown }[] = [];
  return {
    calls,
    async call(method, input) {
      calls.push({ method, input });
      const answer = table[method] as ((input: unknown) => unknown) | undefined;
      if (!answer) return { ok: false, error: { code: 'not_found', message: `fake client: no answer for ${method}` } } as CallResult<never>;
      return (await answer(input)) as CallResult<never>;
    },
    on(event, listener) {
      const entry = { event, listener: listener as (p: unknown) => void };
      listeners.push(entry);
      return () => {
        const i = listeners.indexOf(entry);
        if (i >= 0) listeners.splice(i, 1);
      };
    },
    emit(event, payload) {
      for (const l of [...listeners]) if (l.event === event) l.listener(payload);
    },
    callsOf(method) {
      return calls.filter((c) => c.method === method).map((c) => c.input);
    },
  };
}
