import type { CallResult } from '../../../shared/contract/index.js';

/** The message of an error result as the UI shows it: what went wrong, and its code in brackets. */
export function describeError(result: Extract<CallResult<unknown>, { ok: false }>): string {
  return `${result.error.message} (${result.error.code})`;
}
