/** Token counts of one answer, with the part of the prompt the provider served from its prompt cache. */
export interface TokenUsage {
  promptTokens: number | null;
  completionTokens: number | null;
  /** Prompt tokens read from the provider's prompt cache (billed at the cached-input price); null when unreported. */
  cachedPromptTokens: number | null;
}

const count = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null);

/** OpenAI usage: `prompt_tokens` includes the cached ones, reported in `prompt_tokens_details.cached_tokens`. */
export function openAiUsage(u: unknown): TokenUsage {
  const usage = (u ?? {}) as { prompt_tokens?: unknown; completion_tokens?: unknown; prompt_tokens_details?: { cached_tokens?: unknown } | null };
  return { promptTokens: count(usage.prompt_tokens), completionTokens: count(usage.completion_tokens), cachedPromptTokens: count(usage.prompt_tokens_details?.cached_tokens) };
}

/**
 * Anthropic usage: `input_tokens` excludes the prompt-cache reads and writes, reported apart; the prompt is all
 * three, and the reads are the cached part.
 */
export function anthropicUsage(u: unknown): TokenUsage {
  const usage = (u ?? {}) as { input_tokens?: unknown; output_tokens?: unknown; cache_read_input_tokens?: unknown; cache_creation_input_tokens?: unknown };
  const input = count(usage.input_tokens);
  const read = count(usage.cache_read_input_tokens);
  const written = count(usage.cache_creation_input_tokens);
  return {
    promptTokens: input === null ? null : input + (read ?? 0) + (written ?? 0),
    completionTokens: count(usage.output_tokens),
    cachedPromptTokens: read,
  };
}
