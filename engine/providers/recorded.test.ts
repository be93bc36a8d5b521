import { describe, expect, it } from 'vitest';
import { trafficSampleSchema } from '../../shared/domain/capture.js';
import { suiteFileSchema } from '../../shared/domain/suite.js';
import { caseFromSample } from '../suites/load-suite.js';
import { recordedResult } from './recorded.js';

const key = { runId: 'r', caseId: 1, arm: 'baseline' as const, attempt: 0 };
const price = { input_per_mtok: 2.5, cached_input_per_mtok: 1.25, output_per_mtok: 10 };

function sample(usage: Record<string, unknown>) {
  return trafficSampleSchema.parse({
    schema: 'canary-gate/capture@1',
    id: 'cap-1',
    timestamp: '2026-10-02T10:00:00Z',
    request: { model: 'gpt-4o', messages: [{ role: 'user', content: 'What is my balance?' }] },
    response: { choices: [{ index: 0, message: { role: 'assistant', content: 'It is $4.00.' }, finish_reason: 'stop' }], usage },
    metadata: { slice: 'billing' },
  });
}

describe('recorded baseline cost', () => {
  it("bills production's prompt-cache hits at the cached-input price (issue 14 item 14)", () => {
    const suite = suiteFileSchema.parse({ name: 's', traffic: {} });
    const cached = caseFromSample(sample({ prompt_tokens: 1000, completion_tokens: 200, prompt_tokens_details: { cached_tokens: 600 } }), suite);
    expect(cached.recorded?.cached_prompt_tokens).toBe(600);
    // 400 × 2.5 + 600 × 1.25 + 200 × 10 = 3750 per million tokens.
    expect(recordedResult(key, cached.recorded, price).costUsd).toBeCloseTo(0.00375, 12);
    // Without a logged cache count the case is exactly as before, and every prompt token is billed in full.
    const plain = caseFromSample(sample({ prompt_tokens: 1000, completion_tokens: 200 }), suite);
    expect(plain.recorded).not.toHaveProperty('cached_prompt_tokens');
    expect(recordedResult(key, plain.recorded, price).costUsd).toBeCloseTo(0.0045, 12);
  });
});
