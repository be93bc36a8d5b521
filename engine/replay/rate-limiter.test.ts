import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limiter.js';

describe('RateLimiter', () => {
  it('lets rpm calls through per minute, then says how long to wait', () => {
    let t = 0;
    const l = new RateLimiter(3, undefined, () => t);
    expect([l.tryAcquire(0), l.tryAcquire(0), l.tryAcquire(0)]).toEqual([0, 0, 0]);
    expect(l.tryAcquire(0)).toBeCloseTo(20_000, 6);
    t = 20_000;
    expect(l.tryAcquire(0)).toBe(0);
  });

  it('holds tokens per minute, and lets an oversized call through alone when the bucket is full', () => {
    let t = 0;
    const l = new RateLimiter(undefined, 1000, () => t);
    expect(l.tryAcquire(600)).toBe(0);
    expect(l.tryAcquire(600)).toBeCloseTo(12_000, 6); // 200 missing at 1000/min
    t = 12_000;
    expect(l.tryAcquire(600)).toBe(0);
    t = 72_000;
    expect(l.tryAcquire(5000)).toBe(0); // capped at a full minute's worth
  });

  it('without limits never waits', () => {
    const l = new RateLimiter(undefined, undefined, () => 0);
    for (let i = 0; i < 100; i++) expect(l.tryAcquire(1e6)).toBe(0);
  });
});
