import { describe, expect, it } from 'vitest';
import { AdaptiveLimit } from './adaptive-limit.js';

describe('AdaptiveLimit', () => {
  it('halves on a 429 and grows back by one per window of successes', () => {
    const l = new AdaptiveLimit(16);
    l.onRateLimited();
    l.onRateLimited();
    expect(l.limit).toBe(4);
    for (let i = 0; i < 4; i++) l.onSuccess();
    expect(l.limit).toBe(5);
    for (let i = 0; i < 200; i++) l.onSuccess(); // 5 + 6 + … + 15 successes bring it back to 16
    expect(l.limit).toBe(16);
    expect(l.lowest).toBe(4);
    for (let i = 0; i < 10; i++) l.onRateLimited();
    expect(l.limit).toBe(1);
  });

  it('never lets more than the limit in flight', async () => {
    const l = new AdaptiveLimit(3);
    l.onRateLimited(); // limit 1
    let inFlight = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        await l.acquire();
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((r) => setTimeout(r, 2));
        inFlight--;
        l.release();
      }),
    );
    expect(most).toBe(1);
  });
});
