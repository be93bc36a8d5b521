import type { ChatRequest } from '../../../shared/domain/capture.js';
import type { SimBehaviours } from '../behaviours.js';
import { classify } from '../classify.js';
import { readConversation } from '../conversation.js';
import { findFact } from '../facts.js';
import type { DemoSlice, TurnCheck } from './build-turn.js';

/**
 * True when a well-behaved model reading this request reaches the labelled answer: the slice's intent, and
 * the fact, document sentence or contact detail the labels name. It reads the request the way the sim does
 * but ignores the sim's random deviations, so rejecting a turn never hides a model failure.
 */
export function turnIsGrounded(behaviours: SimBehaviours, request: ChatRequest, slice: DemoSlice, check: TurnCheck): boolean {
  const conversation = readConversation(request.messages);
  const cls = classify(conversation, behaviours);
  if (cls.intent !== slice) return false;
  switch (check.kind) {
    case 'fact':
      return findFact(conversation.lastUserText, conversation.facts, behaviours.facts)?.value === check.value;
    case 'document':
      return cls.match?.docId === check.docId && cls.match.sentence.includes(check.keyPhrase);
    case 'contact':
      return cls.contacts.includes(check.value);
    case 'no_answer':
    case 'intent':
      return true;
  }
}
