/**
 * The Content-Security-Policy of every page the UI runs in: sent by `canary-gate serve` and applied by the desktop
 * app. A leaf module, so Electron's main process can read it without loading the engine.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
