import type { ChatRequest } from '../../shared/domain/capture.js';
import type { Intent, SimBehaviours } from './behaviours.js';
import { classify } from './classify.js';
import { composeAnswer, type Deviation } from './compose-answer.js';
import { readConversation } from './conversation.js';
import { createRng, lognormal } from './prng.js';
import { requestHash } from './request-hash.js';
import { estimatePromptTokens, estimateTokens } from './tokens.js';
import { decideToolCall, type SimToolCall } from './tool-calls.js';

/** One simulated completion: what the model says, how long it "took", and what it cost in tokens. */
export interface SimCompletion {
  model: string;
  requestHash: string;
  intent: Intent;
  deviation: Deviation | 'tool_call_skipped' | 'tool_argument_error' | null;
  /** Empty when the model called a tool instead of answering. */
  content: string;
  /** The tool calls the model made (then finishReason is 'tool_calls'). */
  toolCalls: SimToolCall[];
  finishReason: 'stop' | 'length' | 'tool_calls';
  latencyMs: number;
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

/** Thrown for a model the behaviours file does not define. */
export class UnknownSimModelError extends Error {
  override name = 'UnknownSimModelError';
}

/**
 * Answers a chat request as the named simulated model would. Pure and deterministic: every random choice
 * comes from PRNG streams seeded by sha256(model + canonical request body). `knownHash` is that hash when the
 * caller already has it (requestHash(model, request)), so a request is not serialized and hashed twice.
 */
export function simulateCompletion(behaviours: SimBehaviours, model: string, request: ChatRequest, knownHash?: string): SimCompletion {
  const cfg = behaviours.models[model];
  if (!cfg) throw new UnknownSimModelError(`The model \`${model}\` does not exist.`);
  const hash = knownHash ?? requestHash(model, request);
  const conversation = readConversation(request.messages);
  const classification = classify(conversation, behaviours);
  const promptTokens = estimatePromptTokens(request.messages, request.tools);
  // A stream of its own, so that offering tools never shifts the draws behind the other behaviours.
  const tool = classification.intent === 'jailbreak' ? ({ kind: 'none' } as const) : decideToolCall(request, conversation, behaviours, cfg, createRng(`${hash}:tool`), hash);
  if (tool.kind === 'call') {
    const latency = cfg.latency.tool_use ?? cfg.latency.default;
    const completionTokens = estimateTokens(`${tool.call.name} ${tool.call.arguments}`);
    return {
      model,
      requestHash: hash,
      intent: 'tool_use',
      deviation: tool.deviation,
      content: '',
      toolCalls: [tool.call],
      finishReason: 'tool_calls',
      latencyMs: Math.round(lognormal(createRng(`${hash}:latency`), latency.median_ms, latency.sigma)),
      usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
    };
  }
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
  const completionTokens = estimateTokens(content);
  return {
    model,
    requestHash: hash,
    intent: classification.intent,
    deviation: composed.deviation ?? (tool.kind === 'skip' ? 'tool_call_skipped' : null),
    content,
    toolCalls: [],
    finishReason,
    latencyMs,
    usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
  };
}
