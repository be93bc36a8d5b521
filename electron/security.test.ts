import { describe, expect, it } from 'vitest';
import { appPageUrl } from './ipc.js';
import {
  applyContentSecurityPolicy,
  CONTENT_SECURITY_POLICY,
  denyAllPermissions,
  hardenWebContents,
  type HardenableContentsLike,
  type NavigationEventLike,
  type SessionLike,
} from './security.js';

const appUrl = appPageUrl('/app/dist/renderer/index.html');

type NavListener = (event: NavigationEventLike, url?: string) => void;

/** Records what hardenWebContents installs, so navigation and window.open can be simulated. */
class FakeContents implements HardenableContentsLike {
  readonly listeners = new Map<string, NavListener[]>();
  openHandler: ((details: { url: string }) => { action: 'deny' } | { action: 'allow' }) | null = null;
  on(event: string, listener: NavListener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' } | { action: 'allow' }): void {
    this.openHandler = handler;
  }
  /** Fires an event like Electron does; true when some listener prevented it. */
  fire(name: string, url?: string): boolean {
    let prevented = false;
    const event: NavigationEventLike = { preventDefault: () => (prevented = true), ...(url ? { url } : {}) };
    for (const l of this.listeners.get(name) ?? []) l(event, url);
    return prevented;
  }
}

function fakeSession() {
  const calls = {
    headers: null as null | ((d: { url: string; responseHeaders?: Record<string, string[] | string> }, cb: (r: { responseHeaders?: Record<string, string[] | string> }) => void) => void),
    request: null as null | ((wc: unknown, permission: string, cb: (granted: boolean) => void) => void),
    check: null as null | ((wc: unknown, permission: string) => boolean),
  };
  const session: SessionLike = {
    webRequest: { onHeadersReceived: (l) => void (calls.headers = l) },
    setPermissionRequestHandler: (h) => void (calls.request = h),
    setPermissionCheckHandler: (h) => void (calls.check = h),
  };
  return { session, calls };
}

describe('hardenWebContents', () => {
  it('prevents navigation away from the app page', () => {
    const contents = new FakeContents();
    hardenWebContents(contents, appUrl);
    expect(contents.fire('will-navigate', 'https://evil.example/phish')).toBe(true);
    expect(contents.fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(contents.fire('will-redirect', 'http://127.0.0.1:9999/')).toBe(true);
    expect(contents.fire('will-navigate')).toBe(true);
  });

  it('allows reloading the app page itself', () => {
    const contents = new FakeContents();
    hardenWebContents(contents, appUrl);
    expect(contents.fire('will-navigate', appUrl)).toBe(false);
    expect(contents.fire('will-navigate', `${appUrl}#run-1`)).toBe(false);
  });

  it('denies every window.open', () => {
    const contents = new FakeContents();
    hardenWebContents(contents, appUrl);
    expect(contents.openHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: appUrl })).toEqual({ action: 'deny' });
  });

  it('refuses to attach webviews', () => {
    const contents = new FakeContents();
    hardenWebContents(contents, appUrl);
    expect(contents.fire('will-attach-webview')).toBe(true);
  });
});

describe('session hardening', () => {
  it('sets the strict CSP on every response, replacing any other', () => {
    const { session, calls } = fakeSession();
    applyContentSecurityPolicy(session);
    let out: Record<string, string[] | string> | undefined;
    calls.headers!({ url: appUrl, responseHeaders: { 'content-security-policy': ["default-src *"], 'X-Other': ['1'] } }, (r) => (out = r.responseHeaders));
    expect(out).toEqual({ 'X-Other': ['1'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
  });

  it('denies all permission requests and checks', () => {
    const { session, calls } = fakeSession();
    denyAllPermissions(session);
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal']) {
      let granted: boolean | undefined;
      calls.request!({}, permission, (g) => (granted = g));
      expect(granted, permission).toBe(false);
      expect(calls.check!({}, permission), permission).toBe(false);
    }
  });
});
