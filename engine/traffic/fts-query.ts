/**
 * Turns what a person typed into an FTS5 query: every whitespace-separated word must occur (AND), a word made of
 * several tokens (EMAIL_1, 2026-11) is a phrase, and the last token of each is a prefix so a half-typed word
 * already matches. Operators and quotes are never passed through, so no input is an FTS5 syntax error.
 * Returns null when the text holds no letters or digits (nothing to search for).
 */
export function ftsQuery(q: string): string | null {
  const phrases: string[] = [];
  for (const word of q.split(/\s+/)) {
    const tokens = word.match(/[\p{L}\p{N}]+/gu);
    if (tokens) phrases.push(`"${tokens.join(' ')}"*`);
  }
  return phrases.length ? phrases.join(' ') : null;
}
