import type { RecordedResponse } from '../../shared/domain/suite.js';
import type { Price } from '../../shared/domain/target.js';
import { callCost } from '../replay/cost.js';
import type { NewResult } from '../store/index.js';
import type { ChatProvider } from './provider.js';

/**
 * The "recorded baseline" arm: answered from the production response captured with each sample, without any
 * call. Replay asks {@link recordedResult} per case; this placeholder provider exists so that both arms have
 * one, and calling it is a bug.
 */
export const recordedProvider: ChatProvider = {
  complete: () => Promise.reject(new Error('the recorded provider is answered from the case, not called')),
  close: () => undefined,
};

/**
 * The stored result of a recorded arm: the captured answer with its captured latency and cost (or the cost of
 * its tokens at the price table), or an infra error when the case was captured without a response — never a
 * quality failure.
 */
export function recordedResult(
  key: Pick<NewResult, 'runId' | 'caseId' | 'arm' | 'attempt'>,
  recorded: RecordedResponse | undefined,
  price: Price | undefined,
): NewResult {
  if (!recorded) {
    return { ...key, status: 'infra_error', outputText: null, finishReason: null, toolCallsJson: null, error: 'recorded: no response was captured for this case', latencyMs: null, promptTokens: null, completionTokens: null, costUsd: null, retries: 0 };
  }
  return {
    ...key,
    status: 'ok',
    outputText: recorded.text,
    finishReason: recorded.finish_reason,
    toolCallsJson: recorded.tool_calls.length ? JSON.stringify(recorded.tool_calls) : null,
    error: null,
    latencyMs: recorded.latency_ms,
    promptTokens: recorded.prompt_tokens,
    completionTokens: recorded.completion_tokens,
    // Production's own prompt-cache hits are billed at the cached-input price, as its provider billed them.
    costUsd: recorded.cost_usd ?? callCost(price, recorded.prompt_tokens, recorded.completion_tokens, recorded.cached_prompt_tokens ?? null),
    retries: 0,
  };
}
