import type { ContextDocument } from '../domain/capture.js';

/**
 * Citations are bracketed source ids, e.g. "[doc-3]", "[kb:refunds-2]" or "[2]" (1-based position in the
 * context). Bracketed words without a digit ("[note]") are not citations.
 */
const CITATION = /\[((?:[A-Za-z][A-Za-z0-9_]*[-:_.])?[A-Za-z0-9_.:-]*\d[A-Za-z0-9_.:-]*)\]/g;

/** All citation ids in an answer, in order of appearance, de-duplicated. */
export function extractCitations(text: string): string[] {
  const seen = new Set<string>();
  for (const m of text.matchAll(CITATION)) {
    const id = m[1];
    if (id !== undefined && id.length <= 64) seen.add(id);
  }
  return [...seen];
}

/** Splits citations into those that name a document in the context and those that do not. */
export function checkCitations(text: string, documents: readonly ContextDocument[]): { cited: string[]; invalid: string[] } {
  const ids = new Set(documents.map((d) => d.id));
  const cited = extractCitations(text);
  const invalid = cited.filter((id) => {
    if (ids.has(id)) return false;
    // A purely numeric citation refers to the n-th document of the context.
    if (/^\d+$/.test(id)) {
      const n = Number(id);
      return !(n >= 1 && n <= documents.length);
    }
    return true;
  });
  return { cited, invalid };
}
