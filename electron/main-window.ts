import type { WebContentsSenderLike } from './ipc.js';

/** What createMainWindow passes to `new BrowserWindow(…)`; the test reads it back. */
export interface MainWindowOptions {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  title: string;
  show: boolean;
  webPreferences: {
    preload: string;
    contextIsolation: boolean;
    sandbox: boolean;
    nodeIntegration: boolean;
    nodeIntegrationInWorker: boolean;
    nodeIntegrationInSubFrames: boolean;
    webSecurity: boolean;
    allowRunningInsecureContent: boolean;
    webviewTag: boolean;
    experimentalFeatures: boolean;
    navigateOnDragDrop: boolean;
    spellcheck: boolean;
    disableBlinkFeatures: string;
    safeDialogs: boolean;
  };
}

/** The part of a BrowserWindow main.ts uses. */
export interface MainWindowLike {
  readonly webContents: WebContentsSenderLike;
  once(event: 'ready-to-show', listener: () => void): unknown;
  on(event: 'closed', listener: () => void): unknown;
  show(): void;
  loadFile(filePath: string): Promise<void>;
}

export type BrowserWindowClass<W extends MainWindowLike> = new (options: MainWindowOptions) => W;

/**
 * Opens the one window of the app. The options are written out here, in the `new BrowserWindow` call, so that
 * electronegativity (npm run lint:electron) can read them: the renderer gets no Node, an isolated context and
 * Chromium's sandbox, and it shows only after its first paint.
 */
export function createMainWindow<W extends MainWindowLike>(BrowserWindow: BrowserWindowClass<W>, opts: { preloadPath: string; title: string }): W {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 760,
    minHeight: 480,
    title: opts.title,
    show: false,
    webPreferences: {
      preload: opts.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // A middle click on a link would otherwise open it in a new window (window.open is denied anyway).
      disableBlinkFeatures: 'Auxclick',
      safeDialogs: true,
    },
  });
  win.once('ready-to-show', () => win.show());
  return win;
}
