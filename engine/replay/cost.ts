import type { Price } from '../../shared/domain/target.js';

/**
 * USD cost of one call from its token counts; null when the model has no price or tokens are unknown. Prompt
 * tokens served from the provider's prompt cache are billed at the cached-input price (the input price if the
 * table has none).
 */
export function callCost(price: Price | undefined, promptTokens: number | null, completionTokens: number | null, cachedPromptTokens: number | null = null): number | null {
  if (!price || promptTokens === null || completionTokens === null) return null;
  const cached = Math.min(cachedPromptTokens ?? 0, promptTokens);
  const cachedRate = price.cached_input_per_mtok ?? price.input_per_mtok;
  return ((promptTokens - cached) * price.input_per_mtok + cached * cachedRate + completionTokens * price.output_per_mtok) / 1_000_000;
}
