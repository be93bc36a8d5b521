import { InputError } from '../errors.js';

/** Letters or digits: what the FTS5 tokenizer (unicode61) keeps of a term. */
const WORDISH = /[\p{L}\p{N}]/u;

/**
 * Turns what a person typed into a safe FTS5 query: every word and "quoted phrase" becomes a quoted FTS5 string
 * (so a stray quote, colon, parenthesis, NEAR or column name is text, never syntax), words are AND-ed, `OR`
 * between two words is kept, and a trailing `*` asks for a prefix. Input with no letter or digit at all is bad
 * input.
 */
export function toFtsQuery(input: string): string {
  const parts: string[] = [];
  let pendingOr = false;
  for (const m of input.matchAll(/"([^"]*)"|(\S+)/g)) {
    const phrase = m[1];
    const word = m[2];
    if (word === 'OR') {
      pendingOr = parts.length > 0;
      continue;
    }
    if (word === 'AND') continue;
    const raw = phrase ?? word!.replace(/"/g, ' ');
    const prefix = phrase === undefined && raw.endsWith('*');
    const text = (prefix ? raw.replace(/\*+$/, '') : raw).trim();
    if (!WORDISH.test(text)) continue;
    const term = `"${text.replace(/"/g, '""')}"${prefix ? '*' : ''}`;
    parts.push(pendingOr ? `OR ${term}` : term);
    pendingOr = false;
  }
  if (parts.length === 0) throw new InputError(`nothing to search for in "${input}": type words (letters or digits), optionally "a phrase", word* or a OR b`, { field: 'q' });
  return parts.join(' ');
}
