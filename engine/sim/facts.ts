import type { FactsConfig } from './behaviours.js';
import type { Fact } from './conversation.js';
import { stem, tokenize } from './text.js';

const hasDigit = (t: string) => /\d/.test(t);

/** How well a fact's key answers a question; -1 when the question names a different id than the key. */
export function factScore(question: string, fact: Fact, cfg: FactsConfig): number {
  const lowerQuestion = question.toLowerCase();
  const asked = new Set(tokenize(question));
  const keyTokens = [...new Set(tokenize(fact.key))];
  const keyIds = keyTokens.filter(hasDigit);
  // "How much was INV-2000?" must not be answered with INV-1042's amount just because the words match.
  if (keyIds.length > 0 && [...asked].some(hasDigit) && !keyIds.some((id) => asked.has(id))) return -1;
  let score = 0;
  for (const t of keyTokens) if (asked.has(t)) score += hasDigit(t) ? cfg.id_weight : 1;
  for (const [word, phrases] of Object.entries(cfg.key_synonyms)) {
    if (keyTokens.includes(stem(word.toLowerCase())) && phrases.some((p) => lowerQuestion.includes(p.toLowerCase()))) score += cfg.synonym_weight;
  }
  return score;
}

/** The fact that answers the question, or null when none scores at least `min_score`; the first wins a tie. */
export function findFact(question: string, facts: readonly Fact[], cfg: FactsConfig): Fact | null {
  let best: { fact: Fact; score: number } | null = null;
  for (const fact of facts) {
    const score = factScore(question, fact, cfg);
    if (score >= cfg.min_score && (!best || score > best.score)) best = { fact, score };
  }
  return best?.fact ?? null;
}
