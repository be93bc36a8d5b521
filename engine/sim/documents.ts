import type { PromptDocument } from './conversation.js';
import { contentWords } from './text.js';

/** The document sentence that best covers a question. */
export interface SentenceMatch {
  docId: string;
  sentence: string;
  /** Share of the question's content words found in the sentence, 0..1. */
  overlap: number;
}

/** Splits a document into sentences at ., ! or ? followed by a capital letter or digit. */
export function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+(?=[A-Z0-9"“(])/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** The sentence with the best word overlap with the question; the earliest wins a tie. */
export function bestSentence(question: string, documents: readonly PromptDocument[], stopwords: ReadonlySet<string>): SentenceMatch | null {
  const asked = contentWords(question, stopwords);
  let best: SentenceMatch | null = null;
  for (const doc of documents) {
    for (const sentence of splitSentences(doc.text)) {
      const words = contentWords(sentence, stopwords);
      let shared = 0;
      for (const w of asked) if (words.has(w)) shared++;
      const overlap = asked.size === 0 ? 0 : shared / asked.size;
      if (!best || overlap > best.overlap) best = { docId: doc.id, sentence, overlap };
    }
  }
  return best;
}
