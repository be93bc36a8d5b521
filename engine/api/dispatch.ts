import { contract, type CallResult, type ErrorCode, type Method, type MethodOutput } from '../../shared/contract/index.js';
import { InfraError, InputError, NotFoundError } from '../errors.js';
import { handlers, type HandlerContext } from './handlers.js';

function errorCode(err: unknown): ErrorCode {
  if (err instanceof InputError) return 'bad_input';
  if (err instanceof NotFoundError) return 'not_found';
  if (err instanceof InfraError) return 'infra';
  return 'internal';
}

/** True when the name is a declared contract method. */
export function isMethod(name: string): name is Method {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

/**
 * The one entry point of both transports: validates the input, runs the handler, validates the output,
 * and returns errors as data (Electron's invoke would keep only the message of a thrown error).
 */
export async function dispatch<M extends Method>(method: M | string, input: unknown, ctx: HandlerContext): Promise<CallResult<MethodOutput<M>>> {
  if (!isMethod(method)) return { ok: false, error: { code: 'not_found', message: `unknown method "${method}"` } };
  const spec = contract[method];
  const parsed = spec.input.safeParse(input ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, error: { code: 'bad_input', message: `${method}: ${issue.path.join('.') || 'input'}: ${issue.message}` } };
  }
  try {
    const handler = handlers[method] as (input: unknown, ctx: HandlerContext) => unknown;
    const value = await handler(parsed.data, ctx);
    const checked = spec.output.safeParse(value);
    if (!checked.success) {
      return { ok: false, error: { code: 'internal', message: `${method}: handler returned an invalid value: ${checked.error.issues[0]?.message}` } };
    }
    return { ok: true, value: checked.data as MethodOutput<M> };
  } catch (err) {
    return { ok: false, error: { code: errorCode(err), message: err instanceof InputError ? err.describe() : (err as Error).message } };
  }
}
