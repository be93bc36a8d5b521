import type { ChatMessage, ContextDocument } from '../../shared/domain/capture.js';
import type { ScorerSpecOf } from '../../shared/domain/scorer-spec.js';
import type { ScoredOutput } from '../../shared/scorers/output-text.js';
import type { Score } from '../../shared/scorers/score-expectation.js';

/** One output to score with a workspace scorer module (a `custom` expectation). */
export interface CustomScoringItem {
  spec: ScorerSpecOf<'custom'>;
  /** The case's id in its suite, named in a scorer error. */
  caseKey: string;
  output: ScoredOutput;
  input: { messages: readonly ChatMessage[]; documents: readonly ContextDocument[]; reference?: string };
}

/**
 * Runs workspace scorer modules (evals/scorers/) off the calling thread, each call under a time and memory limit.
 * A scorer that throws, hangs or returns something invalid yields a Score with `error` set (naming the scorer and
 * the case), never a rejected promise: one bad module must not stop a run's scoring.
 */
export interface CustomScorerRunner {
  /** One Score per item, in the items' order. */
  scoreMany(items: readonly CustomScoringItem[]): Promise<Score[]>;
  /** Stops the workers. */
  close(): Promise<void>;
}
