// The entry of the engine's utility process (forked by electron/engine-process.ts). Everything that touches the
// workspace — SQLite, imports, replays, scoring — runs here, so the window and the main process never wait on it.
import { describeEngineLoadError } from './engine-load-error.js';
import type { ParentPortLike } from './engine-service.js';
import { workspaceArg } from './workspace-arg.js';

// Electron adds parentPort to `process` only inside a utility process.
const port = (process as unknown as { parentPort?: ParentPortLike }).parentPort;
if (!port) {
  process.stderr.write('canary-gate: engine-host.js runs only as an Electron utility process (started by the desktop app)\n');
  process.exit(2);
}

const dir = workspaceArg(process.argv) ?? process.cwd();
try {
  // Loaded here rather than imported above: a native module that fails to load (better-sqlite3 built for Node,
  // not Electron) is then reported once to the window, instead of crashing this process into a restart loop.
  const [{ serveEngine }, { openEngineContext }] = await Promise.all([import('./engine-service.js'), import('./engine-context.js')]);
  serveEngine({ port, open: () => openEngineContext(dir), onShutdown: () => process.exit(0) });
} catch (err) {
  port.postMessage({ type: 'failed', message: describeEngineLoadError(err) });
}
