// The subset of Electron's API that electron/ uses, for type-checking where the electron package is absent (it is
// an optional dependency whose install fails without its binary). tsconfig.electron.json maps 'electron' to the
// real package's types first and to this file only when those are missing; signatures follow Electron 40's own
// declarations so code that compiles here compiles against the real ones.

type Listener = (...args: any[]) => void; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface Event {
  preventDefault(): void;
}

export interface WebFrameMain {
  readonly url: string;
  readonly parent: WebFrameMain | null;
}

export interface IpcMainInvokeEvent extends Event {
  readonly senderFrame: WebFrameMain | null;
}

export interface IpcRendererEvent extends Event {
  readonly senderId: number;
}

export interface HandlerDetails {
  url: string;
}

export type WindowOpenHandlerResponse = { action: 'deny' } | { action: 'allow' };

export interface WebContents {
  send(channel: string, ...args: any[]): void; // eslint-disable-line @typescript-eslint/no-explicit-any
  isDestroyed(): boolean;
  on(event: string, listener: Listener): this;
  setWindowOpenHandler(handler: (details: HandlerDetails) => WindowOpenHandlerResponse): void;
}

export interface OnHeadersReceivedListenerDetails {
  url: string;
  responseHeaders?: Record<string, string[]>;
}

export interface HeadersReceivedResponse {
  cancel?: boolean;
  responseHeaders?: Record<string, string | string[]>;
}

export interface WebRequest {
  onHeadersReceived(listener: ((details: OnHeadersReceivedListenerDetails, callback: (response: HeadersReceivedResponse) => void) => void) | null): void;
}

export interface Session {
  readonly webRequest: WebRequest;
  setPermissionRequestHandler(
    handler: ((webContents: WebContents, permission: string, callback: (permissionGranted: boolean) => void, details: unknown) => void) | null,
  ): void;
  setPermissionCheckHandler(
    handler: ((webContents: WebContents | null, permission: string, requestingOrigin: string, details: unknown) => boolean) | null,
  ): void;
}

export interface WebPreferences {
  preload?: string;
  contextIsolation?: boolean;
  sandbox?: boolean;
  nodeIntegration?: boolean;
  nodeIntegrationInWorker?: boolean;
  nodeIntegrationInSubFrames?: boolean;
  webSecurity?: boolean;
  allowRunningInsecureContent?: boolean;
  webviewTag?: boolean;
  experimentalFeatures?: boolean;
  navigateOnDragDrop?: boolean;
  spellcheck?: boolean;
  disableBlinkFeatures?: string;
  safeDialogs?: boolean;
}

export interface BrowserWindowConstructorOptions {
  width?: number;
  height?: number;
  minWidth?: number;
  minHeight?: number;
  title?: string;
  show?: boolean;
  backgroundColor?: string;
  webPreferences?: WebPreferences;
}

export declare class BrowserWindow {
  constructor(options?: BrowserWindowConstructorOptions);
  readonly webContents: WebContents;
  on(event: string, listener: Listener): this;
  once(event: string, listener: Listener): this;
  show(): void;
  focus(): void;
  isDestroyed(): boolean;
  loadFile(filePath: string): Promise<void>;
}

export interface App {
  enableSandbox(): void;
  whenReady(): Promise<void>;
  requestSingleInstanceLock(): boolean;
  quit(): void;
  exit(exitCode?: number): void;
  on(event: string, listener: Listener): this;
  once(event: string, listener: Listener): this;
}

export interface Dialog {
  showErrorBox(title: string, content: string): void;
}

export interface IpcMain {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: any[]) => Promise<any> | any): void; // eslint-disable-line @typescript-eslint/no-explicit-any
  removeHandler(channel: string): void;
}

export interface IpcRenderer {
  invoke(channel: string, ...args: any[]): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  on(channel: string, listener: (event: IpcRendererEvent, ...args: any[]) => void): this; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface ContextBridge {
  exposeInMainWorld(apiKey: string, api: any): void; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface ForkOptions {
  env?: Record<string, string | undefined>;
  execArgv?: string[];
  cwd?: string;
  stdio?: 'pipe' | 'ignore' | 'inherit' | Array<'pipe' | 'ignore' | 'inherit'>;
  serviceName?: string;
}

export interface UtilityProcess {
  readonly pid: number | undefined;
  postMessage(message: any): void; // eslint-disable-line @typescript-eslint/no-explicit-any
  kill(): boolean;
  on(event: 'spawn', listener: () => void): this;
  on(event: 'exit', listener: (code: number) => void): this;
  on(event: 'message', listener: (message: any) => void): this; // eslint-disable-line @typescript-eslint/no-explicit-any
  on(event: string, listener: Listener): this;
}

export interface UtilityProcessModule {
  fork(modulePath: string, args?: string[], options?: ForkOptions): UtilityProcess;
}

export declare const app: App;
export declare const dialog: Dialog;
export declare const ipcMain: IpcMain;
export declare const ipcRenderer: IpcRenderer;
export declare const contextBridge: ContextBridge;
export declare const session: { readonly defaultSession: Session };
export declare const utilityProcess: UtilityProcessModule;
