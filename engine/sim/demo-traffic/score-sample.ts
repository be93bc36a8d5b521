import type { TrafficSample } from '../../../shared/domain/capture.js';
import { scoreOutput, type Score } from '../../../shared/scorers/score-expectation.js';
import { inputTextOf } from '../../scoring/input-text.js';

/** Scores an answer to a captured sample against the sample's reviewer labels, as a replay would score it. */
export function scoreSampleAnswer(sample: TrafficSample, text: string, finishReason: string | null = 'stop'): { passed: boolean; scores: Score[] } {
  const documents = sample.context?.documents ?? [];
  // What the request supplied (pii_leak counts a detail given in the input as supplied, not leaked).
  const inputText = inputTextOf(sample.request.messages, documents, []);
  const scores = scoreOutput(sample.expectations ?? [], { text, finishReason, toolCalls: [] }, { documents, inputText });
  return { passed: scores.every((s) => s.passed), scores };
}
