import { KIND_PRIORITY } from './kinds.js';
import { digitsOf, type Detector, type Match, type TextFeatures } from './detector.js';

// Three shapes, one regex (one pass). Every repetition is bounded and must consume a digit, so the work
// per start position is a small constant: no input can make it backtrack combinatorially.
//  1. International: "+" country code, then digits with optional single separators or "(0)"-style groups.
//  2. North American national: (NXX) NXX-XXXX / NXX-NXX-XXXX / NXX.NXX.XXXX / NXX NXX XXXX, optional "1 ".
//     Area code and exchange start with 2-9 (the NANP rule), which keeps "100 200 3000" out.
//  3. Trunk-prefixed national (UK, FR, DE, …): a leading 0 and at least two groups split by ONE repeated
//     separator, so a date like "05.06.2024 12:00" cannot chain into a number.
// Plain digit runs (order ids, amounts, years) never match: every shape needs "+", "(" or separators.
const INTERNATIONAL = String.raw`(?<![\w+])\+[1-9](?:[ .\-]?\d|[ .\-]?\(\d{1,4}\)){6,16}(?!\w)`;
const NANP = String.raw`(?<![\w.+\-])(?:1[ .\-])?(?:\([2-9]\d{2}\)[ .\-]?|[2-9]\d{2}[ .\-])[2-9]\d{2}[ .\-]\d{4}(?![\w\-]|[.,]\d)`;
const TRUNK = String.raw`(?<![\w.+\-])(?:\(0\d{1,4}\)[ .\-]?\d{2,4}(?:[ .\-]?\d{2,4}){1,2}|0\d{1,4}(?<sep>[ .\-])\d{2,4}(?:\k<sep>\d{2,4}){1,3}|0\d{3,4}[ \-]\d{6,8})(?![\w\-]|[.,]\d)`;
const PHONE = new RegExp(`${INTERNATIONAL}|${NANP}|${TRUNK}`, 'g');

/**
 * The longest prefix of an international candidate that ends before a separator and has 8-15 digits:
 * "+44 20 7946 0958 12345" is a number followed by another number, not a 17-digit phone number.
 */
function internationalLength(candidate: string): number {
  let digits = 0;
  let best = 0;
  for (let i = 1; i < candidate.length; i++) {
    const c = candidate.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (++digits > 15) break;
      if (digits >= 8 && (i + 1 === candidate.length || !isDigitOrParen(candidate.charCodeAt(i + 1)))) best = i + 1;
    }
  }
  return best;
}

function isDigitOrParen(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 40 || c === 41;
}

/** Returns the normalised key of a candidate, or null when its digit count is not a phone number's. */
function phoneKey(candidate: string): string | null {
  const digits = digitsOf(candidate);
  if (candidate.charCodeAt(0) === 43 /* + */) return digits.length >= 8 && digits.length <= 15 ? `+${digits}` : null;
  const first = candidate.charCodeAt(0) === 40 /* ( */ ? candidate.charCodeAt(1) : candidate.charCodeAt(0);
  if (first === 48 /* 0: trunk prefix */) return digits.length >= 10 && digits.length <= 12 ? digits : null;
  // NANP: key as +1 so "(415) 555-0134" and "+1 415 555 0134" share a placeholder.
  return digits.length === 10 ? `+1${digits}` : `+${digits}`;
}

/** Phone numbers in international (E.164) and common national formats. */
export const phoneDetector: Detector = {
  kind: 'PHONE',
  priority: KIND_PRIORITY.PHONE,
  trigger: String.raw`\d`,
  find(text: string, features: TextFeatures, out: Match[]): void {
    if (!features.digitsAtLeast(8)) return;
    PHONE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = PHONE.exec(text)) !== null) {
      let candidate = m[0];
      if (candidate.charCodeAt(0) === 43 /* + */) {
        candidate = candidate.slice(0, internationalLength(candidate));
        PHONE.lastIndex = m.index + Math.max(candidate.length, 1);
      }
      const key = candidate === '' ? null : phoneKey(candidate);
      if (key === null) {
        // Let a shorter number inside the rejected candidate still be found.
        PHONE.lastIndex = m.index + 1;
        continue;
      }
      out.push({ start: m.index, end: m.index + candidate.length, kind: 'PHONE', key, priority: KIND_PRIORITY.PHONE });
    }
  },
};
