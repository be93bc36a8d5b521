import { app, BrowserWindow, dialog, ipcMain, session } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EventBus } from '../engine/api/events.js';
import type { HandlerContext } from '../engine/api/handlers.js';
import { openStore } from '../engine/store/index.js';
import { openWorkspace } from '../engine/workspace.js';
import { appPageUrl, forwardEvents, registerWorkbenchIpc } from './ipc.js';
import { applyContentSecurityPolicy, denyAllPermissions, hardenedWebPreferences, hardenWebContents } from './security.js';

// Compiled to dist/electron/main.js, beside preload.cjs; the renderer is built into dist/renderer.
const here = dirname(fileURLToPath(import.meta.url));
const indexHtml = join(here, '..', 'renderer', 'index.html');
const preloadPath = join(here, 'preload.cjs');
const appUrl = appPageUrl(indexHtml);

/** The workspace folder: --workspace <dir> (or --workspace=<dir>), else CANARY_GATE_WORKSPACE, else the cwd. */
function workspaceDir(argv: readonly string[]): string {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--workspace' && argv[i + 1]) return argv[i + 1]!;
    if (arg.startsWith('--workspace=')) return arg.slice('--workspace='.length);
  }
  return process.env.CANARY_GATE_WORKSPACE || process.cwd();
}

// Every renderer is sandboxed, and every web contents (including any a bug might create) is kept on the app page.
app.enableSandbox();
app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, appUrl));

async function start(): Promise<void> {
  await app.whenReady();
  const dir = workspaceDir(process.argv);
  let ctx: HandlerContext;
  try {
    const workspace = openWorkspace(dir);
    ctx = { workspace, store: openStore(workspace.databaseFile), events: new EventBus() };
  } catch (err) {
    dialog.showErrorBox('Canary Gate', `Cannot open the workspace ${dir}:\n${(err as Error).message}`);
    app.exit(2);
    return;
  }

  applyContentSecurityPolicy(session.defaultSession);
  denyAllPermissions(session.defaultSession);
  const unregister = registerWorkbenchIpc({ ipcMain, ctx, appUrl });

  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 760,
    minHeight: 480,
    title: `Canary Gate — ${ctx.workspace.root}`,
    show: false,
    webPreferences: hardenedWebPreferences(preloadPath),
  });
  const stopForwarding = forwardEvents(ctx.events, win.webContents);
  win.once('ready-to-show', () => win.show());
  win.on('closed', stopForwarding);

  // One window per workspace: closing it ends the app on every platform, and the database is closed cleanly.
  app.on('window-all-closed', () => {
    unregister();
    ctx.store.close();
    app.quit();
  });

  await win.loadFile(indexHtml);
}

start().catch((err: unknown) => {
  dialog.showErrorBox('Canary Gate', `Startup failed:\n${(err as Error).stack ?? String(err)}`);
  app.exit(1);
});
