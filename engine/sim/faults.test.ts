import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../hashing.js';
import { decideFault, validateFaults, type FaultDecision } from './faults.js';

describe('validateFaults', () => {
  it('accepts rates that add up to at most 1, float noise included', () => {
    expect(() => validateFaults({})).not.toThrow();
    expect(() => validateFaults({ rate429: 0.1, rate500: 0.2, rate503: 0.3, slowRate: 0.1, dropRate: 0.1, truncatedRate: 0.1, brokenStreamRate: 0.1, slowMs: 0 })).not.toThrow();
    expect(() => validateFaults({ rate429: 0.1, rate500: 0.2, brokenStreamRate: 0.7 })).not.toThrow();
  });

  it('rejects a sum over 1 across old and new rates', () => {
    expect(() => validateFaults({ rate429: 0.5, dropRate: 0.6 })).toThrow(/must not exceed 1/);
    expect(() => validateFaults({ rate503: 0.4, slowRate: 0.4, truncatedRate: 0.3 })).toThrow(/must not exceed 1, got 1.1/);
  });

  it('rejects rates outside [0, 1] and bad delays', () => {
    expect(() => validateFaults({ truncatedRate: -0.1 })).toThrow(/truncatedRate must be in \[0, 1\]/);
    expect(() => validateFaults({ brokenStreamRate: 1.5 })).toThrow(/brokenStreamRate must be in \[0, 1\]/);
    expect(() => validateFaults({ rate503: Number.NaN })).toThrow(/rate503/);
    expect(() => validateFaults({ slowRate: 0.1, slowMs: -5 })).toThrow(/slowMs/);
    expect(() => validateFaults({ slowRate: 0.1, slowMs: Number.POSITIVE_INFINITY })).toThrow(/slowMs/);
  });
});

describe('decideFault', () => {
  const hashes = Array.from({ length: 4000 }, (_, i) => sha256Hex(`request ${i}`));

  it('faults first attempts at the configured shares and never a retry', () => {
    const faults = { rate429: 0.1, rate500: 0.05, rate503: 0.1, slowRate: 0.1, slowMs: 1234, dropRate: 0.1, truncatedRate: 0.1, brokenStreamRate: 0.1 };
    const counts = new Map<string, number>();
    for (const h of hashes) {
      const d = decideFault(h, 0, faults);
      counts.set(d.kind, (counts.get(d.kind) ?? 0) + 1);
      if (d.kind === 'slow') expect(d.delayMs).toBe(1234);
      expect(decideFault(h, 1, faults)).toEqual({ kind: 'none' });
    }
    const share = (k: FaultDecision['kind']) => (counts.get(k) ?? 0) / hashes.length;
    for (const k of ['rate_limit', 'unavailable', 'slow', 'drop', 'truncated', 'broken_stream'] as const) {
      expect(share(k)).toBeGreaterThan(0.08);
      expect(share(k)).toBeLessThan(0.12);
    }
    expect(share('server_error')).toBeGreaterThan(0.035);
    expect(share('server_error')).toBeLessThan(0.065);
    expect(share('none')).toBeGreaterThan(0.3);
  });

  it('faults exactly the same requests with 429/500 as before the new kinds existed', () => {
    for (const h of hashes.slice(0, 500)) {
      const before = decideFault(h, 0, { rate429: 0.2, rate500: 0.1 });
      const after = decideFault(h, 0, { rate429: 0.2, rate500: 0.1, rate503: 0.3, dropRate: 0.2 });
      if (before.kind !== 'none') expect(after).toEqual(before);
    }
  });

  it('defaults slowMs to 5 seconds and is deterministic', () => {
    expect(decideFault(hashes[0]!, 0, { slowRate: 1 })).toEqual({ kind: 'slow', delayMs: 5000 });
    expect(hashes.map((h) => decideFault(h, 0, { dropRate: 0.5 }).kind)).toEqual(hashes.map((h) => decideFault(h, 0, { dropRate: 0.5 }).kind));
  });
});
