import type { Condition, Intent, SimBehaviours } from './behaviours.js';
import { findContacts } from './contacts.js';
import type { Conversation } from './conversation.js';
import { bestSentence, type SentenceMatch } from './documents.js';

/** The intent of a request and the evidence the answer will use. */
export interface Classification {
  intent: Intent;
  /** doc_qa / unanswerable: the best document sentence for the question. */
  match: SentenceMatch | null;
  /** Contact details in the last user message. */
  contacts: string[];
}

function holds(condition: Condition, conv: Conversation, contacts: readonly string[]): boolean {
  switch (condition) {
    case 'tool_result':
      return conv.pendingToolResults.length > 0;
    case 'documents':
      return conv.documents.length > 0;
    case 'contact_details':
      return contacts.length > 0;
  }
}

/** Classifies the last user message by the first matching rule of the behaviours file. */
export function classify(conv: Conversation, behaviours: SimBehaviours): Classification {
  const contacts = findContacts(conv.lastUserText, behaviours.contactPatterns);
  const rule = behaviours.rules.find(
    (r) => (r.when === undefined || holds(r.when, conv, contacts)) && (r.patterns.length === 0 || r.patterns.some((p) => p.test(conv.lastUserText))),
  );
  const intent = rule?.intent ?? behaviours.fallback;
  if (intent !== 'doc_qa') return { intent, match: null, contacts };
  const match = bestSentence(conv.lastUserText, conv.documents, behaviours.stopwords);
  const answerable = match !== null && match.overlap >= behaviours.answerableOverlap;
  return { intent: answerable ? 'doc_qa' : 'unanswerable', match, contacts };
}
