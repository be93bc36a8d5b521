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
  // The first backslash not before the current string (-1: none left), refreshed only when passed.
  let backslash = text.indexOf('\\');
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      // Jump quote to quote with native searches; a backslash before the quote means escapes to decode.
      let k = i + 1;
      let escaped = false;
      for (;;) {
        k = text.indexOf('"', k);
        if (k === -1) break;
        if (backslash !== -1 && backslash <= i) backslash = text.indexOf('\\', i + 1);
        if (backslash === -1 || backslash > k) break;
        escaped = true;
        // An odd run of backslashes right before the quote escapes it.
        let b = k - 1;
        while (b > i && text.charCodeAt(b) === 92) b--;
        if ((k - 1 - b) % 2 === 0) break;
        k++;
      }
      if (k === -1) {
        // Unterminated (truncated arguments are common): whatever follows the quote is still redacted.
        const tail = text.slice(i + 1);
        const redacted = redactBare(tail);
        if (redacted !== tail) {
          out += text.slice(from, i + 1) + redacted;
          from = n;
        }
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
        if (redacted !== raw) {
          out += text.slice(from, i + 1) + redacted;
          from = k;
        }
      } else {
        const redacted = redactString(decoded);
        if (redacted !== decoded) {
          out += text.slice(from, i) + JSON.stringify(redacted);
          from = k + 1;
        }
      }
      i = k + 1;
    } else if (isStructural(c)) {
      i++;
    } else if ((c >= 48 && c <= 57) || c === 45) {
      let k = i + 1;
      while (k < n && isNumberChar(text.charCodeAt(k))) k++;
      const token = text.slice(i, k);
      const redacted = redactBare(token);
      if (redacted !== token) {
        out += text.slice(from, i) + JSON.stringify(redacted);
        from = k;
      }
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
