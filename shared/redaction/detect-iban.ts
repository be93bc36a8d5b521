import { KIND_PRIORITY } from './kinds.js';
import { IBAN_LENGTHS, ibanValid } from './checksums.js';
import type { Detector, Match, TextFeatures } from './detector.js';

// Country letters, check digits, then alphanumerics with optional single spaces (printed groups of four).
// Each repetition consumes exactly one character, so there is one way to match; the greedy run may
// overshoot into following words, and the country's registered length cuts it back exactly.
const CANDIDATE = /(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]){11,32}/g;

function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** IBANs of registered countries, compact or grouped, that pass the mod-97 check. */
export const ibanDetector: Detector = {
  kind: 'IBAN',
  priority: KIND_PRIORITY.IBAN,
  trigger: String.raw`\d`,
  // Only the check digits are certain to be digits (a BBAN may be mostly letters): no digit-count prefilter.
  find(text: string, _features: TextFeatures, out: Match[]): void {
    CANDIDATE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = CANDIDATE.exec(text)) !== null) {
      const candidate = m[0];
      const length = IBAN_LENGTHS[candidate.slice(0, 2).toUpperCase()];
      let end = -1;
      let compact = '';
      if (length !== undefined) {
        let i = 0;
        while (i < candidate.length && compact.length < length) {
          if (candidate.charCodeAt(i) !== 32) compact += candidate[i];
          i++;
        }
        // The IBAN must end at its registered length, not in the middle of a longer token.
        const after = m.index + i;
        if (compact.length === length && !(after < text.length && isAlnum(text.charCodeAt(after)))) end = after;
      }
      compact = compact.toUpperCase();
      if (end !== -1 && ibanValid(compact)) {
        out.push({ start: m.index, end, kind: 'IBAN', key: compact, priority: KIND_PRIORITY.IBAN });
        CANDIDATE.lastIndex = end;
      } else {
        // The greedy candidate may have run into a following IBAN; rescan from the next character.
        CANDIDATE.lastIndex = m.index + 1;
      }
    }
  },
};
