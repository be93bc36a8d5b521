import type { Price } from '../../shared/domain/target.js';

/** USD cost of one call from its token counts; null when the model has no price or tokens are unknown. */
export function callCost(price: Price | undefined, promptTokens: number | null, completionTokens: number | null): number | null {
  if (!price || promptTokens === null || completionTokens === null) return null;
  return (promptTokens * price.input_per_mtok + completionTokens * price.output_per_mtok) / 1_000_000;
}
