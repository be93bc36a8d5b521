import type { FactsConfig } from './behaviours.js';
import type { Fact } from './conversation.js';
import { boundedMemo } from './bounded-memo.js';
import { stem, tokenize } from './text.js';

const hasDigit = (t: string) => /\d/.test(t);

/** A fact key's distinct tokens and, of those, the ids (tokens with a digit): fact keys repeat across requests. */
const keyTokensOf = boundedMemo((key: string) => {
  const tokens = [...new Set(tokenize(key))];
  return { tokens, ids: tokens.filter(hasDigit) };
});
const stemmedWord = boundedMemo((word: string) => stem(word.toLowerCase()));

/** What every fact is scored against: the question read once. */
interface Question {
  lower: string;
  asked: Set<string>;
  namesAnId: boolean;
}

function readQuestion(question: string): Question {
  const asked = new Set(tokenize(question));
  return { lower: question.toLowerCase(), asked, namesAnId: [...asked].some(hasDigit) };
}

function scoreFact(q: Question, fact: Fact, cfg: FactsConfig): number {
  const { tokens: keyTokens, ids: keyIds } = keyTokensOf(fact.key);
  // "How much was INV-2000?" must not be answered with INV-1042's amount just because the words match.
  if (keyIds.length > 0 && q.namesAnId && !keyIds.some((id) => q.asked.has(id))) return -1;
  let score = 0;
  for (const t of keyTokens) if (q.asked.has(t)) score += hasDigit(t) ? cfg.id_weight : 1;
  for (const [word, phrases] of Object.entries(cfg.key_synonyms)) {
    if (keyTokens.includes(stemmedWord(word)) && phrases.some((p) => q.lower.includes(p.toLowerCase()))) score += cfg.synonym_weight;
  }
  return score;
}

/** How well a fact's key answers a question; -1 when the question names a different id than the key. */
export function factScore(question: string, fact: Fact, cfg: FactsConfig): number {
  return scoreFact(readQuestion(question), fact, cfg);
}

/** The fact that answers the question, or null when none scores at least `min_score`; the first wins a tie. */
export function findFact(question: string, facts: readonly Fact[], cfg: FactsConfig): Fact | null {
  const q = readQuestion(question);
  let best: { fact: Fact; score: number } | null = null;
  for (const fact of facts) {
    const score = scoreFact(q, fact, cfg);
    if (score >= cfg.min_score && (!best || score > best.score)) best = { fact, score };
  }
  return best?.fact ?? null;
}
