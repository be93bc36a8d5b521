import type { PromptDocument } from './conversation.js';
import { boundedMemo } from './bounded-memo.js';
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

/** A document's sentences with their content words, remembered per stopword list: documents repeat across requests. */
const readDocuments = new WeakMap<ReadonlySet<string>, (text: string) => { sentence: string; words: Set<string> }[]>();

function sentencesOf(text: string, stopwords: ReadonlySet<string>): { sentence: string; words: Set<string> }[] {
  let read = readDocuments.get(stopwords);
  if (!read) {
    read = boundedMemo((t: string) => splitSentences(t).map((sentence) => ({ sentence, words: contentWords(sentence, stopwords) })), 1024);
    readDocuments.set(stopwords, read);
  }
  return read(text);
}

/** The sentence with the best word overlap with the question; the earliest wins a tie. */
export function bestSentence(question: string, documents: readonly PromptDocument[], stopwords: ReadonlySet<string>): SentenceMatch | null {
  const asked = contentWords(question, stopwords);
  let best: SentenceMatch | null = null;
  for (const doc of documents) {
    for (const { sentence, words } of sentencesOf(doc.text, stopwords)) {
      let shared = 0;
      for (const w of asked) if (words.has(w)) shared++;
      const overlap = asked.size === 0 ? 0 : shared / asked.size;
      if (!best || overlap > best.overlap) best = { docId: doc.id, sentence, overlap };
    }
  }
  return best;
}
