import { app, BrowserWindow, dialog, ipcMain, session, utilityProcess } from 'electron';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EngineProcess } from './engine-process.js';
import { appPageUrl, forwardEvents, registerWorkbenchIpc } from './ipc.js';
import { createMainWindow } from './main-window.js';
import { applyContentSecurityPolicy, denyAllPermissions, hardenWebContents } from './security.js';
import { workspaceArg } from './workspace-arg.js';

// Compiled to dist/electron/main.js, beside preload.cjs and engine-host.js; the renderer is built into dist/renderer.
const here = dirname(fileURLToPath(import.meta.url));
const indexHtml = join(here, '..', 'renderer', 'index.html');
const preloadPath = join(here, 'preload.cjs');
const engineHostPath = join(here, 'engine-host.js');
const appUrl = appPageUrl(indexHtml);

// Every renderer is sandboxed, and every web contents (including any a bug might create) is kept on the app page.
app.enableSandbox();
app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, appUrl));

function fatal(message: string, exitCode: number): void {
  dialog.showErrorBox('Canary Gate', message);
  app.exit(exitCode);
}

async function start(): Promise<void> {
  await app.whenReady();
  // --workspace <dir>, else CANARY_GATE_WORKSPACE, else the folder the app was started in.
  const dir = resolve(workspaceArg(process.argv) ?? (process.env.CANARY_GATE_WORKSPACE || process.cwd()));

  applyContentSecurityPolicy(session.defaultSession);
  denyAllPermissions(session.defaultSession);

  // The engine (SQLite, imports, replays, scoring) runs in a utility process: a long call never blocks the
  // main process, so the window keeps painting and answering input; a crash there is restarted, not fatal.
  let reported = false;
  const engine = new EngineProcess({
    fork: () => utilityProcess.fork(engineHostPath, [`--workspace=${dir}`], { serviceName: 'Canary Gate engine', stdio: 'inherit' }),
    onFailed: (message) => {
      reported = true;
      fatal(`Cannot open the workspace ${dir}:\n${message}`, 2);
    },
  });
  let root: string;
  try {
    root = await engine.ready();
  } catch (err) {
    // A workspace that cannot be opened was already reported by onFailed; anything else (an engine that keeps
    // crashing while starting) is reported here.
    if (!reported) fatal(`The engine could not start:\n${(err as Error).message}`, 1);
    return;
  }

  const unregister = registerWorkbenchIpc({ ipcMain, call: (method, input) => engine.call(method, input), appUrl });
  const win = createMainWindow(BrowserWindow, { preloadPath, title: `Canary Gate — ${root}` });
  const stopForwarding = forwardEvents(engine, win.webContents);
  win.on('closed', stopForwarding);

  // One window per workspace: closing it ends the app on every platform, after the engine closed the database.
  app.on('window-all-closed', () => {
    unregister();
    void engine.stop().then(() => app.quit());
  });

  await win.loadFile(indexHtml);
}

start().catch((err: unknown) => fatal(`Startup failed:\n${(err as Error).stack ?? String(err)}`, 1));
