import type { ChatMessage } from '../../shared/domain/capture.js';
import type { EvalCase } from '../../shared/domain/suite.js';
import { priceFor } from '../prices/price-table.js';
import type { Price, Target } from '../../shared/domain/target.js';

/** Rough tokens of text when no count was captured: about four characters a token for English. */
export function approxTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Assumed answer length when a case carries no captured completion. */
export const DEFAULT_COMPLETION_TOKENS = 256;

function messageText(m: ChatMessage): string {
  const c = m.content;
  const text = typeof c === 'string' ? c : Array.isArray(c) ? c.map((p) => p.text ?? '').join('') : '';
  return text + (m.tool_calls ?? []).map((t) => t.function.name + t.function.arguments).join('');
}

/** The token counts a case's captured sample recorded, where it did. */
export interface RecordedTokens {
  prompt_tokens?: number | null;
  completion_tokens?: number | null;
}

/** Tokens one call of a case will take: the captured counts when the sample has them, else an approximation. */
export function caseTokens(c: EvalCase): { prompt: number; completion: number } {
  return tokensFrom(c.recorded, () => c.input.messages);
}

/**
 * caseTokens from the recorded counts alone, reading the case's messages only when the prompt's count is missing
 * (an estimate over a whole suite then parses only the cases that need it).
 */
export function tokensFrom(recorded: RecordedTokens | undefined, messages: () => readonly ChatMessage[]): { prompt: number; completion: number } {
  const prompt = recorded?.prompt_tokens ?? messages().reduce((a, m) => a + 4 + approxTokens(messageText(m)), 0);
  return { prompt, completion: recorded?.completion_tokens ?? DEFAULT_COMPLETION_TOKENS };
}

/** The estimate of what the pending calls of a run will cost, per arm; unpriced models are named, not guessed. */
export interface CostEstimate {
  calls: number;
  baseline: number;
  candidate: number;
  total: number;
  unpriced: string[];
}

/** A call to estimate: its case (token counts are read from it), or token counts already read. */
export type PendingCall = ({ evalCase: EvalCase } | { tokens: { prompt: number; completion: number } }) & { arm: 'baseline' | 'candidate' };

/** Estimates the cost of the calls still to make, from token counts of the captured samples and the price table. */
export function estimateCost(
  pending: readonly PendingCall[],
  targets: Record<'baseline' | 'candidate', Target>,
  prices: Readonly<Record<string, Price>>,
): CostEstimate {
  const est: CostEstimate = { calls: 0, baseline: 0, candidate: 0, total: 0, unpriced: [] };
  const unpriced = new Set<string>();
  for (const call of pending) {
    const arm = call.arm;
    const target = targets[arm];
    if (target.provider === 'recorded') continue; // answered from the capture: no call, no cost
    est.calls++;
    const price = priceFor(prices, target.model);
    if (!price) {
      unpriced.add(target.model);
      continue;
    }
    const t = 'tokens' in call ? call.tokens : caseTokens(call.evalCase);
    const usd = (t.prompt * price.input_per_mtok + t.completion * price.output_per_mtok) / 1_000_000;
    est[arm] += usd;
    est.total += usd;
  }
  est.unpriced = [...unpriced].sort();
  return est;
}
