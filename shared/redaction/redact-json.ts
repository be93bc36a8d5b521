/** Whether a text starts (after whitespace) like a JSON object or array, so it is worth redacting token-wise. */
export function looksLikeJson(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) continue;
    return c === 123 /* { */ || c === 91 /* [ */;
  }
  return false;
}

function isStructural(c: number): boolean {
  // whitespace, { } [ ] , :
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 123 || c === 125 || c === 91 || c === 93 || c === 44 || c === 58;
}

function isNumberChar(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46 || c === 101 || c === 69;
}

/**
 * Redacts a JSON text inside its tokens and keeps every other byte, so valid JSON stays valid and
 * unchanged parts stay byte-identical (no re-serialisation: big integers, spacing and escapes survive).
 * String tokens (keys and values) are decoded, redacted with `redactString`, and re-encoded only if changed;
 * number tokens go through `redactBare` (a card number stored as a JSON number becomes a string).
 * Returns null when something other than JSON punctuation, literals, numbers or strings sits outside the
 * strings: then it is not JSON, and free text outside strings must be redacted as plain text instead.
 */
export function redactJsonTokens(text: string, redactString: (s: string) => string, redactBare: (s: string) => string): string | null {
  let out = '';
  let from = 0;
  let i = 0;
  const n = text.length;
  const replace = (start: number, end: number, replacement: string): void => {
    out += text.slice(from, start) + replacement;
    from = end;
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      let k = i + 1;
      let escaped = false;
      while (k < n) {
        const d = text.charCodeAt(k);
        if (d === 92 /* \ */) {
          escaped = true;
          k += 2;
        } else if (d === 34) break;
        else k++;
      }
      if (k >= n) {
        // Unterminated (truncated arguments are common): whatever follows the quote is still redacted.
        const tail = text.slice(i + 1);
        const redacted = redactBare(tail);
        if (redacted !== tail) replace(i + 1, n, redacted);
        break;
      }
      const raw = text.slice(i + 1, k);
      let decoded: string | null = raw;
      if (escaped) {
        try {
          decoded = JSON.parse(text.slice(i, k + 1)) as string;
        } catch {
          decoded = null;
        }
      }
      if (decoded === null) {
        // A bad escape: redact the raw characters; placeholders add no quote or backslash.
        const redacted = redactBare(raw);
        if (redacted !== raw) replace(i + 1, k, redacted);
      } else {
        const redacted = redactString(decoded);
        if (redacted !== decoded) replace(i, k + 1, JSON.stringify(redacted));
      }
      i = k + 1;
    } else if (isStructural(c)) {
      i++;
    } else if ((c >= 48 && c <= 57) || c === 45) {
      let k = i + 1;
      while (k < n && isNumberChar(text.charCodeAt(k))) k++;
      const token = text.slice(i, k);
      const redacted = redactBare(token);
      if (redacted !== token) replace(i, k, JSON.stringify(redacted));
      i = k;
    } else if (text.startsWith('true', i) || text.startsWith('null', i)) {
      i += 4;
    } else if (text.startsWith('false', i)) {
      i += 5;
    } else {
      return null;
    }
  }
  return from === 0 ? text : out + text.slice(from);
}
