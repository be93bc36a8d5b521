import { describe, expect, it } from 'vitest';
import { InputError } from '../../engine/errors.js';
import { durationMs, positiveInt } from './option-values.js';

describe('option values', () => {
  it('reads durations in ms, s, m and h; a bare number is seconds', () => {
    expect(durationMs('500ms', 'deadline')).toBe(500);
    expect(durationMs('90s', 'deadline')).toBe(90_000);
    expect(durationMs('30m', 'deadline')).toBe(1_800_000);
    expect(durationMs('1.5h', 'deadline')).toBe(5_400_000);
    expect(durationMs('45', 'deadline')).toBe(45_000);
  });

  it('names the option of a bad value', () => {
    for (const bad of ['', '0s', '-5m', '10 minutes', 'soon']) {
      expect(() => durationMs(bad, 'deadline')).toThrow(InputError);
      expect(() => durationMs(bad, 'deadline')).toThrow(/expected a duration such as 90s/);
    }
    expect(() => positiveInt('x', 'repeats', 1)).toThrow(/got "x"/);
    expect(positiveInt('3', 'repeats', 1)).toBe(3);
  });
});
