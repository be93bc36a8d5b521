import { InputError } from '../engine/errors.js';

/** For tests: the InputError a call throws (fails the test when it throws none, rethrows any other error). */
export function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('expected an InputError');
}
