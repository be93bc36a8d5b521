import { describe, expect, it } from 'vitest';
import { durationMsFromNanos, isoFromEpochSeconds, isoFromTimestamp, msFromUnixNanos } from './timestamps.js';

describe('timestamps', () => {
  it.each([
    ['2026-10-02T10:00:00Z', '2026-10-02T10:00:00.000Z'],
    ['2026-10-02T12:00:00+02:00', '2026-10-02T10:00:00.000Z'],
    ['2026-10-02T10:00:00.812Z', '2026-10-02T10:00:00.812Z'],
    ['2026-10-02T10:00:00', '2026-10-02T10:00:00.000Z'], // no offset: UTC
    ['2026-10-02 10:00:00', '2026-10-02T10:00:00.000Z'],
    ['2026-10-02', '2026-10-02T00:00:00.000Z'],
    [1790935200, '2026-10-02T10:00:00.000Z'], // seconds
    [1790935200812, '2026-10-02T10:00:00.812Z'], // milliseconds
    [1790935200812000, '2026-10-02T10:00:00.812Z'], // microseconds
    ['1790935200', '2026-10-02T10:00:00.000Z'],
  ])('reads %j as %s', (value, iso) => {
    expect(isoFromTimestamp(value)).toBe(iso);
  });

  it.each(['yesterday', '10/02/2026', '2026-13-45T99:00:00Z', '', 'x'.repeat(12), 1e22, -1e22, Number.NaN, null, {}, true])('rejects %j', (value) => {
    expect(isoFromTimestamp(value)).toBeUndefined();
  });

  it('reads epoch seconds and OTLP nanoseconds', () => {
    expect(isoFromEpochSeconds(1790935200)).toBe('2026-10-02T10:00:00.000Z');
    expect(isoFromEpochSeconds('1790935200')).toBeUndefined();
    expect(msFromUnixNanos('1790935200812000000')).toBe(1790935200812);
    expect(msFromUnixNanos('-5')).toBeUndefined();
    expect(msFromUnixNanos('')).toBeUndefined();
  });

  it('measures durations between nanosecond times without float noise', () => {
    expect(durationMsFromNanos('1790935200000000000', '1790935200812000000')).toBe(812);
    expect(durationMsFromNanos('1790939000000000000', '1790939000975500000')).toBe(975.5);
    expect(durationMsFromNanos(1790937900000000000, 1790937901433000000)).toBe(1433);
    expect(durationMsFromNanos('2', '1')).toBeUndefined();
    expect(durationMsFromNanos('1', undefined)).toBeUndefined();
  });
});
