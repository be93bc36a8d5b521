import type { TrafficSample } from '../../../shared/domain/capture.js';
import { scoreOutput, type Score } from '../../../shared/scorers/score-expectation.js';

/** Scores an answer to a captured sample against the sample's reviewer labels. */
export function scoreSampleAnswer(sample: TrafficSample, text: string, finishReason: string | null = 'stop'): { passed: boolean; scores: Score[] } {
  const scores = scoreOutput(sample.expectations ?? [], { text, finishReason, toolCalls: [] }, { documents: sample.context?.documents ?? [] });
  return { passed: scores.every((s) => s.passed), scores };
}
