import type { CallResult } from '../../../shared/contract/index.js';

type ErrorResult = Extract<CallResult<unknown>, { ok: false }>;

// Transport failures as each browser words them (Chromium, Firefox, Safari) and as http-client.ts reports them.
const UNREACHABLE = /cannot reach the canary-gate server|failed to fetch|networkerror|load failed|econnrefused|ipc call failed/i;

/**
 * What the user can do about an error, when we know: an unreachable server is usually a stopped `serve`, an
 * internal error is a bug whose details are in the engine's log. Null when the message already says it all.
 */
export function errorHint(result: ErrorResult): string | null {
  const { code, message } = result.error;
  if (UNREACHABLE.test(message)) {
    return /ipc call failed/i.test(message)
      ? 'The app’s engine process stopped answering: restart Canary Gate.'
      : 'Is `canary-gate serve` still running? Start it again in the workspace (canary-gate serve) and retry.';
  }
  if (code === 'internal') return 'This is a bug in Canary Gate: the terminal running `canary-gate serve` (or the app log) has the details.';
  return null;
}

/** The message of an error result as the UI shows it: what went wrong, its code in brackets, then what to do. */
export function describeError(result: ErrorResult): string {
  const hint = errorHint(result);
  return `${result.error.message} (${result.error.code})${hint ? ` — ${hint}` : ''}`;
}
