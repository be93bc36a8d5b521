import { contract, errorCodes, type CallResult, type ErrorCode, type Method, type MethodOutput } from '../../../shared/contract/index.js';

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** An error result made on this side of the transport (the engine never saw the call, or its answer was unusable). */
export function clientError(code: ErrorCode, message: string): CallResult<never> {
  return { ok: false, error: { code, message } };
}

/**
 * Turns whatever came back over a transport into a CallResult, checking a success value against the
 * contract's output schema: the UI trusts the contract, not the transport.
 */
export function checkCallResult<M extends Method>(method: M | string, raw: unknown, context = 'response'): CallResult<MethodOutput<M>> {
  if (!isObject(raw) || typeof raw.ok !== 'boolean') return clientError('internal', `${method}: malformed ${context} (not a call result)`);
  if (!raw.ok) {
    const error = raw.error;
    if (isObject(error) && typeof error.message === 'string' && (errorCodes as readonly unknown[]).includes(error.code)) {
      return { ok: false, error: { code: error.code as ErrorCode, message: error.message } };
    }
    return clientError('internal', `${method}: malformed error in ${context}`);
  }
  if (!Object.hasOwn(contract, method)) return clientError('internal', `${method}: success reported for an unknown method`);
  const parsed = contract[method as M].output.safeParse(raw.value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return clientError('internal', `${method}: ${context} does not match the contract: ${issue ? `${issue.path.join('.') || 'value'}: ${issue.message}` : 'invalid'}`);
  }
  return { ok: true, value: parsed.data as MethodOutput<M> };
}
