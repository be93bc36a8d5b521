// From shared, not the HTTP server: the main process must not load the engine (it runs in the utility process).
import { CONTENT_SECURITY_POLICY } from '../shared/security/content-security-policy.js';
import { isAppPage } from './ipc.js';

export { CONTENT_SECURITY_POLICY };

// Structural stand-ins for the Electron types used here (the electron package is absent in CI).

/** The part of an Electron session this module hardens. */
export interface SessionLike {
  webRequest: {
    onHeadersReceived(
      listener: (
        details: { url: string; responseHeaders?: Record<string, string[] | string> },
        callback: (response: { responseHeaders?: Record<string, string[] | string>; cancel?: boolean }) => void,
      ) => void,
    ): void;
  };
  setPermissionRequestHandler(handler: ((webContents: unknown, permission: string, callback: (granted: boolean) => void, details?: unknown) => void) | null): void;
  setPermissionCheckHandler(handler: ((webContents: unknown, permission: string, requestingOrigin?: string, details?: unknown) => boolean) | null): void;
}

/** The navigation event Electron passes to will-navigate / will-redirect listeners. */
export interface NavigationEventLike {
  preventDefault(): void;
  url?: string;
}

/** The part of Electron's webContents this module hardens. */
export interface HardenableContentsLike {
  on(event: 'will-navigate' | 'will-redirect', listener: (event: NavigationEventLike, url?: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: NavigationEventLike) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' } | { action: 'allow' }): void;
}

/** Adds the CSP to every response of the session (the page also carries it as a meta tag for file://). */
export function applyContentSecurityPolicy(session: SessionLike): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...(details.responseHeaders ?? {}) };
    for (const name of Object.keys(headers)) if (name.toLowerCase() === 'content-security-policy') delete headers[name];
    callback({ responseHeaders: { ...headers, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
}

/** Denies every permission (camera, notifications, geolocation…): the workbench needs none. */
export function denyAllPermissions(session: SessionLike): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/** Keeps a window on the app page: navigation elsewhere, new windows and webviews are all refused. */
export function hardenWebContents(contents: HardenableContentsLike, appUrl: string): void {
  const guard = (event: NavigationEventLike, url?: string) => {
    const target = url ?? event.url ?? '';
    if (!isAppPage(target, appUrl)) event.preventDefault();
  };
  contents.on('will-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}
