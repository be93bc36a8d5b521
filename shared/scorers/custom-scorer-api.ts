// The interface a workspace scorer module (evals/scorers/<name>.js|.mjs|.ts) is written against. Types only: the
// engine runs the modules (engine/custom-scorers/), and this file is what their authors read.
import type { ChatMessage, ContextDocument } from '../domain/capture.js';

/** The answer being scored, as every scorer sees it. */
export interface CustomScorerOutput {
  /** The assistant's visible text. */
  text: string;
  /** `stop`, `length`, `tool_calls`, `content_filter`, … or null when the provider gave none. */
  finishReason: string | null;
  /** The tool calls the answer made, in order; `arguments` is the JSON text the model wrote (parse it yourself). */
  toolCalls: { name: string; arguments: string }[];
  /** How long the call took, when known. */
  latencyMs: number | null;
  /** What the call cost in USD, when known. */
  costUsd: number | null;
}

/** What one call of a scorer module receives: a plain, structured-cloned object (changing it changes nothing). */
export interface CustomScorerInput {
  output: CustomScorerOutput;
  input: {
    /** The request's chat messages (OpenAI Chat Completions shape). */
    messages: ChatMessage[];
    /** The context documents the case supplied (retrieval results), possibly none. */
    documents: ContextDocument[];
    /** The case's reference answer, when it has one. */
    reference: string | null;
  };
  /** The expectation's `options:` from the suite, `{}` when none. */
  options: Record<string, unknown>;
  /** The case's id in its suite (for the module's own messages). */
  caseKey: string;
}

/**
 * What a scorer returns (or resolves to):
 * - `true` / `false`: passed or failed;
 * - a finite number: a score, which passes when it lies within the expectation's `min_score`/`max_score` (either
 *   side optional), or else when it is at least the module's exported `threshold`; with neither it is an error;
 * - an object with at least one of `pass` (boolean), `score` (finite number) and `reason` (string, shown as the
 *   score's reason) and no other key. With both `score` and bounds in the suite, the bounds decide; else `pass`
 *   decides; else `score` is judged like a bare number. `reason` alone is an error (it decides nothing).
 * Anything else (undefined, a string, NaN, an array, an object with another key) is a scorer error.
 */
export type CustomScorerResult = boolean | number | { pass?: boolean; score?: number; reason?: string };

/** A scorer: the module's default export, or its named export `score`. It may be async. */
export type CustomScorerFunction = (input: CustomScorerInput) => CustomScorerResult | Promise<CustomScorerResult>;

/** The exports a scorer module may have. */
export interface CustomScorerModule {
  default?: CustomScorerFunction;
  score?: CustomScorerFunction;
  /** Pass mark for numeric scores (score >= threshold) when the suite's expectation sets no min_score/max_score. */
  threshold?: number;
}

/** The limits every call runs under; a call beyond them becomes a scorer error, not a crash. */
export interface CustomScorerLimits {
  /** Per call (default 2000 ms); importing the module in a worker has its own allowance (10 s, or this if larger). */
  timeoutMs?: number;
  /** The worker's JS heap (default 128 MB); Buffers and ArrayBuffers are outside it. */
  memoryMb?: number;
}
