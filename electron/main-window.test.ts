import { describe, expect, it } from 'vitest';
import { createMainWindow, type MainWindowOptions } from './main-window.js';

/** Stands in for Electron's BrowserWindow: records its options and the listeners the app installs. */
class FakeBrowserWindow {
  readonly webContents = { send: () => undefined, isDestroyed: () => false };
  readonly registered: Array<[string, () => void]> = [];
  shown = 0;
  constructor(readonly options: MainWindowOptions) {}
  once(event: string, listener: () => void): this {
    this.registered.push([event, listener]);
    return this;
  }
  on(): this {
    return this;
  }
  show(): void {
    this.shown++;
  }
  loadFile(): Promise<void> {
    return Promise.resolve();
  }
}

describe('createMainWindow', () => {
  it('isolates and sandboxes the renderer with no Node access', () => {
    const win = createMainWindow(FakeBrowserWindow, { preloadPath: '/app/dist/electron/preload.cjs', title: 'Canary Gate — /ws' });
    expect(win.options.title).toBe('Canary Gate — /ws');
    expect(win.options.webPreferences).toEqual({
      preload: '/app/dist/electron/preload.cjs',
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
      disableBlinkFeatures: 'Auxclick',
      safeDialogs: true,
    });
  });

  it('stays hidden until its first paint, then shows', () => {
    const win = createMainWindow(FakeBrowserWindow, { preloadPath: '/p.cjs', title: 't' });
    expect(win.options.show).toBe(false);
    expect(win.shown).toBe(0);
    const readyToShow = win.registered.find(([event]) => event === 'ready-to-show')?.[1];
    readyToShow?.();
    expect(win.shown).toBe(1);
  });
});
