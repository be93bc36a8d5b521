import { InputError } from '../../engine/errors.js';

/** Parses a whole-number option ≥ min; a bad value is a usage error naming the option. */
export function positiveInt(value: unknown, name: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new InputError(`expected a whole number ≥ ${min}, got "${String(value)}"`, { field: `--${name}` });
  return n;
}

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Parses a duration such as 90s, 30m, 1.5h or 500ms (a bare number is seconds) into milliseconds. */
export function durationMs(value: unknown, name: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(String(value));
  const ms = m ? Number(m[1]) * DURATION_UNITS[m[2] ?? 's']! : NaN;
  if (!(ms > 0)) throw new InputError(`expected a duration such as 90s, 30m or 2h, got "${String(value)}"`, { field: `--${name}` });
  return Math.round(ms);
}

/** Parses a number ≥ 0 (e.g. --sim-time-scale); a bad value is a usage error naming the option. */
export function nonNegativeNumber(value: unknown, name: string): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!Number.isFinite(n) || n < 0) throw new InputError(`expected a number ≥ 0, got "${String(value)}"`, { field: `--${name}` });
  return n;
}
