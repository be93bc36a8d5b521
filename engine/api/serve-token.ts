import { randomBytes } from 'node:crypto';
import { lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../fs-atomic.js';
import { STATE_FILE_MODE, type Workspace } from '../workspace.js';

/** The file in the workspace's state folder that keeps `serve`'s token between launches. */
export const SERVE_TOKEN_FILE = 'serve-token';

const TOKEN_PATTERN = /^[0-9a-f]{64}$/;

/**
 * The token `canary-gate serve` requires: the one kept in `.canary-gate/serve-token` (mode 0600, its folder 0700),
 * so a restart does not lock out the tabs already open; a new one when there is none, the file is not a token
 * (or is not a plain file, or others could read it), or `renew` asks for it.
 */
export function serveToken(ws: Workspace, renew = false): { token: string; file: string; created: boolean } {
  const file = join(ws.stateDir, SERVE_TOKEN_FILE);
  if (!renew) {
    try {
      const st = lstatSync(file);
      const text = readFileSync(file, 'utf8').trim();
      // A token others could read may have leaked: it is replaced, not reused.
      if (st.isFile() && (st.mode & 0o077) === 0 && TOKEN_PATTERN.test(text)) return { token: text, file, created: false };
    } catch {
      // No token yet: make one.
    }
  }
  const token = randomBytes(32).toString('hex');
  writeFileAtomic(file, `${token}\n`, STATE_FILE_MODE);
  return { token, file, created: true };
}
