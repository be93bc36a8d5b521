import type { ChatMessage } from '../../shared/domain/capture.js';
import { boundedMemo } from './bounded-memo.js';

/** The plain text of a message's content (string, text parts, or nothing). */
export function messageText(content: ChatMessage['content']): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((p) => p.text ?? '').join('');
  return '';
}

const SUFFIXES = ['ing', 'ed', 'es', 's'] as const;

/**
 * A deliberately crude stemmer: strips one common suffix and a final "e" so that "refunded", "refunds" and
 * "refund" meet. Both sides of every comparison go through it, so its mistakes cancel out.
 */
export function stem(word: string): string {
  return stemOnce(word);
}

const stemOnce = boundedMemo(stemWord, 16384);

function stemWord(word: string): string {
  if (!/^[a-z]+$/.test(word) || word.length <= 3) return word;
  let w = word;
  if (!w.endsWith('ss')) {
    for (const suffix of SUFFIXES) {
      if (w.endsWith(suffix) && w.length - suffix.length >= 3) {
        w = w.slice(0, -suffix.length);
        break;
      }
    }
  }
  if (w.length > 3 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

/** Lower-cased, stemmed word tokens; ids like "INV-1042" or "status.acme.example" stay whole. */
export function tokenize(text: string): string[] {
  const words = text
    .toLowerCase()
    // Possessives go first so "INV-1042's" still names INV-1042; other apostrophes just join ("don't").
    .replace(/['’]s\b/g, '')
    .replace(/['’]/g, '')
    .match(/[a-z0-9$]+(?:[.-][a-z0-9]+)*/g);
  return (words ?? []).map(stem);
}

/** The distinct tokens of a text that are not stopwords (the set holds stemmed stopwords). */
export function contentWords(text: string, stopwords: ReadonlySet<string>): Set<string> {
  return new Set(tokenize(text).filter((t) => !stopwords.has(t)));
}
