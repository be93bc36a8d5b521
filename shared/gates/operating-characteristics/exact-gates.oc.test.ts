/** Operating characteristics of the gates decided by score and exact intervals (see oc-suite.ts). */
import { describe, it, expect } from 'vitest';
import { isBootstrapGate } from './compute-table.js';
import { describeOperatingCharacteristics } from '../../../test-support/operating-characteristics-suite.js';
import { monteCarloCeiling } from './simulate.js';

describeOperatingCharacteristics('operating characteristics: paired proportions, new failures, max rate', (s) => !isBootstrapGate(s));

describe('the Monte-Carlo tolerance', () => {
  it('is the exact binomial critical count at 0.001', () => {
    // Binomial(2000, 0.05): mean 100, sd 9.7; the count above which P < 0.001 lies about 3.1 sd up.
    const k = monteCarloCeiling(0.05, 2000);
    expect(k).toBeGreaterThan(125);
    expect(k).toBeLessThan(135);
  });
});
