import { events, type CallResult, type EventName, type EventPayload, type Method, type MethodInput, type MethodOutput, type WorkbenchClient } from '../../../shared/contract/index.js';
import { checkCallResult, clientError } from './check-result.js';

/**
 * What electron/preload.cts exposes as `window.workbench`. Untyped on purpose: the bridge is a transport,
 * the contract checks happen here. Keep in step with the preload (which cannot import this file).
 */
export interface WorkbenchBridge {
  call(method: string, input: unknown): Promise<unknown>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}

declare global {
  interface Window {
    workbench?: WorkbenchBridge;
  }
}

/** The WorkbenchClient of the desktop app, over the preload's two fixed IPC channels. */
export function createIpcClient(bridge: WorkbenchBridge): WorkbenchClient {
  return {
    async call<M extends Method>(method: M, input: MethodInput<M>): Promise<CallResult<MethodOutput<M>>> {
      let raw: unknown;
      try {
        raw = await bridge.call(method, input ?? {});
      } catch (err) {
        // The main process refused the call (e.g. a foreign frame) or crashed: no CallResult came back.
        return clientError('internal', `${method}: IPC call failed: ${(err as Error).message}`);
      }
      return checkCallResult<M>(method, raw, 'IPC reply');
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      return bridge.on(event, (payload) => {
        const parsed = events[event].safeParse(payload);
        if (parsed.success) listener(parsed.data as EventPayload<E>);
      });
    },
  };
}
