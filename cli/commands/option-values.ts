import { InputError } from '../../engine/errors.js';

/** Parses a whole-number option ≥ min; a bad value is a usage error naming the option. */
export function positiveInt(value: unknown, name: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new InputError(`expected a whole number ≥ ${min}, got "${String(value)}"`, { field: `--${name}` });
  return n;
}
