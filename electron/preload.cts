// Sandboxed preloads run as CommonJS and may require only 'electron' (no local files), so this file is
// self-contained and compiles to preload.cjs. It exposes exactly two functions, never ipcRenderer itself.
// `import x = require()` is the only import form a CommonJS file allows under verbatimModuleSyntax.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import electron = require('electron');

// Same names as electron/ipc.ts CALL_CHANNEL / EVENT_CHANNEL.
const CALL_CHANNEL = 'workbench:call';
const EVENT_CHANNEL = 'workbench:event';

type Listener = (payload: unknown) => void;

const listeners = new Map<string, Set<Listener>>();
let forwarding = false;

// One ipcRenderer listener fans events out, so the page can never attach its own to arbitrary channels.
function startForwarding(): void {
  if (forwarding) return;
  forwarding = true;
  electron.ipcRenderer.on(EVENT_CHANNEL, (_event: unknown, message: unknown) => {
    if (typeof message !== 'object' || message === null) return;
    const { event, payload } = message as { event?: unknown; payload?: unknown };
    if (typeof event !== 'string') return;
    for (const listener of listeners.get(event) ?? []) listener(payload);
  });
}

electron.contextBridge.exposeInMainWorld('workbench', {
  call(method: unknown, input: unknown): Promise<unknown> {
    if (typeof method !== 'string') return Promise.reject(new Error('workbench.call: method must be a string'));
    return electron.ipcRenderer.invoke(CALL_CHANNEL, method, input);
  },
  on(event: unknown, listener: unknown): () => void {
    if (typeof event !== 'string' || typeof listener !== 'function') throw new Error('workbench.on: expected (event: string, listener: function)');
    startForwarding();
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    const fn = listener as Listener;
    set.add(fn);
    return () => {
      set.delete(fn);
    };
  },
});
