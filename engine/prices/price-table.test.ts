import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { callCost } from '../replay/cost.js';
import { anthropicUsage, openAiUsage } from '../providers/usage.js';
import { priceFor, shippedPrices, workspacePrices } from './price-table.js';

describe('the shipped public price table', () => {
  it('is dated and prices input, cached input and output for current models', () => {
    const prices = shippedPrices();
    expect(prices['gpt-4o']).toEqual({ input_per_mtok: 2.5, cached_input_per_mtok: 1.25, output_per_mtok: 10, as_of: '2025-10-01' });
    expect(prices['claude-sonnet-4-5']).toMatchObject({ input_per_mtok: 3, cached_input_per_mtok: 0.3, output_per_mtok: 15 });
    for (const [model, p] of Object.entries(prices)) {
      expect(p.as_of, model).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(p.cached_input_per_mtok!, model).toBeLessThanOrEqual(p.input_per_mtok);
    }
  });

  it('is under the workspace: its own prices always win', () => {
    const mine = { input_per_mtok: 1, output_per_mtok: 2, as_of: '2026-11-01' };
    const merged = workspacePrices({ prices: { 'gpt-4o': mine, 'my-model': mine } });
    expect(merged['gpt-4o']).toEqual(mine);
    expect(merged['my-model']).toEqual(mine);
    expect(merged['gpt-4o-mini']).toEqual(shippedPrices()['gpt-4o-mini']);
  });

  it('names the file and field of a broken table', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cg-prices-'));
    try {
      const file = join(dir, 'prices.yaml');
      writeFileSync(file, 'as_of: "2025-10-01"\nsources: {}\nmodels:\n  gpt-x: { input_per_mtok: -1, output_per_mtok: 2 }\n');
      let error: unknown;
      try {
        shippedPrices(file);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).describe()).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4: models\\.gpt-x\\.input_per_mtok: `));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('priceFor', () => {
  const prices = shippedPrices();
  it('finds dated and versioned ids under their base id, and nothing for other models', () => {
    expect(priceFor(prices, 'gpt-4o-2024-08-06')).toBe(prices['gpt-4o']);
    expect(priceFor(prices, 'gpt-4o-mini-2024-07-18')).toBe(prices['gpt-4o-mini']);
    expect(priceFor(prices, 'claude-sonnet-4-5-20250929')).toBe(prices['claude-sonnet-4-5']);
    expect(priceFor(prices, 'claude-3-5-haiku-latest')).toBe(prices['claude-3-5-haiku']);
    expect(priceFor(prices, 'o3-pro')).toBeUndefined();
    expect(priceFor(prices, 'gpt-4o-audio-preview')).toBeUndefined();
    expect(priceFor(prices, 'unknown')).toBeUndefined();
  });
});

describe('cost with prompt caching', () => {
  it('bills cached prompt tokens at the cached-input price', () => {
    const p = { input_per_mtok: 2.5, cached_input_per_mtok: 1.25, output_per_mtok: 10 };
    // 1000 prompt tokens of which 600 cached, 200 output: 400×2.5 + 600×1.25 + 200×10 = 3750 per million.
    expect(callCost(p, 1000, 200, 600)).toBeCloseTo(0.00375, 12);
    expect(callCost(p, 1000, 200)).toBeCloseTo(0.0045, 12);
    // Without a cached price the input price applies; more cached than prompt tokens is capped.
    expect(callCost({ input_per_mtok: 2, output_per_mtok: 8 }, 1000, 0, 600)).toBeCloseTo(0.002, 12);
    expect(callCost(p, 100, 0, 500)).toBeCloseTo(0.000125, 12);
    expect(callCost(undefined, 1, 1)).toBeNull();
  });

  it('reads the cached tokens each provider reports', () => {
    expect(openAiUsage({ prompt_tokens: 1000, completion_tokens: 20, prompt_tokens_details: { cached_tokens: 768 } })).toEqual({ promptTokens: 1000, completionTokens: 20, cachedPromptTokens: 768 });
    expect(openAiUsage({ prompt_tokens: 10, completion_tokens: 2 })).toEqual({ promptTokens: 10, completionTokens: 2, cachedPromptTokens: null });
    // Anthropic's input_tokens leave out cache reads and writes: the prompt is all three.
    expect(anthropicUsage({ input_tokens: 50, output_tokens: 9, cache_read_input_tokens: 900, cache_creation_input_tokens: 100 })).toEqual({ promptTokens: 1050, completionTokens: 9, cachedPromptTokens: 900 });
    expect(anthropicUsage(undefined)).toEqual({ promptTokens: null, completionTokens: null, cachedPromptTokens: null });
  });
});
