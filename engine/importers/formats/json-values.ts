import { MappingError } from './format.js';

/** A parsed JSON object. */
export type JsonRecord = Record<string, unknown>;

/** True for a JSON object (not null, not an array). */
export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value when it is a non-empty string, else undefined. */
export function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The value when it is a finite number, else undefined. */
export function finiteNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** A finite number from a number or a numeric string (OTLP int64 and Langfuse model parameters are often strings). */
export function numeric(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** A token count: a non-negative integer from a number or numeric string, else undefined. */
export function tokenCount(value: unknown): number | undefined {
  const n = numeric(value);
  return n !== undefined && Number.isInteger(n) && n >= 0 ? n : undefined;
}

/** An identifier: a non-empty string, or a finite number as text (some loggers write numeric ids). */
export function idString(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
}

/** Sets an own enumerable property; plain assignment would treat a "__proto__" key as the prototype. */
export function setOwn(target: JsonRecord, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** The JSON type of a value, for error messages. */
export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

/** A value as an error message shows it: short strings quoted, anything else by its JSON type. */
export function shown(value: unknown): string {
  if (typeof value !== 'string') return jsonType(value);
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}

/** Throws the MappingError for a field. */
export function fail(field: string, message: string): never {
  throw new MappingError(field, message);
}

/** Parses a JSON string; a value that is not a string is returned as is (structured and string forms are both allowed). */
export function parseIfJsonString(value: unknown, field: string): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return fail(field, 'expected JSON text');
  }
}
