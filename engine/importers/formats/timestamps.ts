import { shown } from './json-values.js';

// Every non-canonical mapper writes timestamps as Date#toISOString() (UTC, milliseconds): one form that sorts as text.

const MIN_MS = -62_167_219_200_000; // 0000-01-01T00:00:00Z
const MAX_MS = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z

/** ISO text for epoch milliseconds, or undefined outside the years 0000–9999 that ISO-8601 basic form can write. */
export function isoFromEpochMs(ms: number): string | undefined {
  if (!Number.isFinite(ms) || ms < MIN_MS || ms > MAX_MS) return undefined;
  return new Date(Math.floor(ms)).toISOString();
}

/** ISO text for unix epoch seconds (OpenAI `created`, Responses `created_at`). */
export function isoFromEpochSeconds(value: unknown): string | undefined {
  return typeof value === 'number' ? isoFromEpochMs(value * 1000) : undefined;
}

/** Epoch milliseconds from OTLP unix nanoseconds (a number or a decimal string), or undefined. */
export function msFromUnixNanos(value: unknown): number | undefined {
  let ns: number;
  if (typeof value === 'number') ns = value;
  else if (typeof value === 'string' && value !== '' && isDigits(value)) ns = Number(value);
  else return undefined;
  return Number.isFinite(ns) && ns >= 0 ? ns / 1e6 : undefined;
}

/**
 * ISO text for a logged timestamp: an ISO-8601 string (a missing offset means UTC, a space may separate date and
 * time) or an epoch number whose unit is guessed from its magnitude (s, ms, µs or ns). Undefined when unusable.
 */
export function isoFromTimestamp(value: unknown): string | undefined {
  if (typeof value === 'number') return isoFromEpochMs(epochNumberToMs(value));
  if (typeof value !== 'string' || value.length < 10) return undefined;
  if (isDigits(value)) return isoFromEpochMs(epochNumberToMs(Number(value)));
  if (value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return undefined; // "YYYY-MM-DD…"
  let text = value.length > 10 && value[10] === ' ' ? `${value.slice(0, 10)}T${value.slice(11)}` : value;
  // Date.parse reads an offset-less date-time as local time; captures are UTC unless they say otherwise.
  if (text.length > 10 && !hasOffset(text)) text += 'Z';
  return isoFromEpochMs(Date.parse(text));
}

/** Milliseconds between two OTLP unix-nano times, rounded to the microsecond; undefined when unusable or negative. */
export function durationMsFromNanos(start: unknown, end: unknown): number | undefined {
  const a = msFromUnixNanos(start);
  const b = msFromUnixNanos(end);
  if (a === undefined || b === undefined || b < a) return undefined;
  // Nanosecond epochs exceed 2^53, so the difference carries ~0.3 µs of float noise: round it away.
  return Math.round((b - a) * 1000) / 1000;
}

function epochNumberToMs(n: number): number {
  const abs = Math.abs(n);
  if (abs < 1e11) return n * 1000; // seconds (until the year 5138)
  if (abs < 1e14) return n; // milliseconds
  if (abs < 1e17) return n / 1000; // microseconds
  return n / 1e6; // nanoseconds
}

function isDigits(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function hasOffset(text: string): boolean {
  const last = text[text.length - 1];
  if (last === 'Z' || last === 'z') return true;
  // An offset sign can only follow the time part, i.e. after "YYYY-MM-DDT".
  return text.indexOf('+', 11) !== -1 || text.indexOf('-', 11) !== -1;
}

/** Why a timestamp value is unusable, for a MappingError message. */
export function timestampProblem(value: unknown): string {
  return `unusable timestamp ${typeof value === 'number' ? String(value) : shown(value)}: expected ISO-8601 text or an epoch number`;
}
