import type { ChatRequest } from '../../shared/domain/capture.js';
import type { Intent, SimBehaviours } from './behaviours.js';
import { classify } from './classify.js';
import { composeAnswer, type Deviation } from './compose-answer.js';
import { readConversation } from './conversation.js';
import { createRng, lognormal } from './prng.js';
import { requestHash } from './request-hash.js';
import { estimatePromptTokens, estimateTokens } from './tokens.js';

/** One simulated completion: what the model says, how long it "took", and what it cost in tokens. */
export interface SimCompletion {
  model: string;
  requestHash: string;
  intent: Intent;
  deviation: Deviation | null;
  content: string;
  finishReason: 'stop' | 'length';
  latencyMs: number;
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

/** Thrown for a model the behaviours file does not define. */
export class UnknownSimModelError extends Error {
  override name = 'UnknownSimModelError';
}

/**
 * Answers a chat request as the named simulated model would. Pure and deterministic: every random choice
 * comes from PRNG streams seeded by sha256(model + canonical request body).
 */
export function simulateCompletion(behaviours: SimBehaviours, model: string, request: ChatRequest): SimCompletion {
  const cfg = behaviours.models[model];
  if (!cfg) throw new UnknownSimModelError(`The model \`${model}\` does not exist.`);
  const hash = requestHash(model, request);
  const conversation = readConversation(request.messages);
  const classification = classify(conversation, behaviours);
  const composed = composeAnswer({
    conversation,
    classification,
    behaviours,
    model: cfg,
    behaviourRng: createRng(`${hash}:behaviour`),
    wordingRng: createRng(`${hash}:wording`),
  });
  const latency = cfg.latency[classification.intent] ?? cfg.latency.default;
  const latencyMs = Math.round(lognormal(createRng(`${hash}:latency`), latency.median_ms, latency.sigma));

  let content = composed.content;
  let finishReason: SimCompletion['finishReason'] = 'stop';
  // Honour max_tokens like a real endpoint, so truncation scorers have something to find.
  if (request.max_tokens !== undefined && estimateTokens(content) > request.max_tokens) {
    content = content.slice(0, request.max_tokens * 4);
    finishReason = 'length';
  }
  const promptTokens = estimatePromptTokens(request.messages, request.tools);
  const completionTokens = estimateTokens(content);
  return {
    model,
    requestHash: hash,
    intent: classification.intent,
    deviation: composed.deviation,
    content,
    finishReason,
    latencyMs,
    usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
  };
}
