import { describe, expect, it } from 'vitest';
import { describeError, errorHint } from './describe-error.js';

const err = (code: 'bad_input' | 'not_found' | 'infra' | 'internal', message: string) => ({ ok: false as const, error: { code, message } });

describe('describeError', () => {
  it('tells the user to check `canary-gate serve` when the server cannot be reached, however the browser words it', () => {
    for (const message of ['cannot reach the canary-gate server: Failed to fetch', 'NetworkError when attempting to fetch resource.', 'Load failed', 'connect ECONNREFUSED 127.0.0.1:4873']) {
      expect(describeError(err('infra', message))).toBe(`${message} (infra) — Is \`canary-gate serve\` still running? Start it again in the workspace (canary-gate serve) and retry.`);
    }
  });

  it('points an internal error at the log, a dead IPC engine at a restart', () => {
    expect(errorHint(err('internal', 'runs.get: response does not match the contract'))).toMatch(/^This is a bug in Canary Gate/);
    expect(errorHint(err('internal', 'runs.get: IPC call failed: reply was never sent'))).toBe('The app’s engine process stopped answering: restart Canary Gate.');
  });

  it('adds nothing to a message that already says what to do', () => {
    expect(describeError(err('infra', 'database is locked'))).toBe('database is locked (infra)');
    expect(describeError(err('not_found', 'no run "x"'))).toBe('no run "x" (not_found)');
  });
});
