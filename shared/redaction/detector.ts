/** A span `[start, end)` a detector claims, with its kind and the normalised value that identifies it. */
export interface Match {
  start: number;
  end: number;
  kind: string;
  /** Equal keys share a placeholder within a scope (e.g. the e-mail lower-cased, the card's digits). */
  key: string;
  priority: number;
}

/** One kind's detection pass over a text (no placeholder in it); pushes the matches it finds. */
export interface Detector {
  readonly kind: string;
  readonly priority: number;
  /** Regex source of something every match contains ("@", "\\d"): texts without any trigger are skipped. */
  readonly trigger?: string;
  find(text: string, features: TextFeatures, out: Match[]): void;
}

// "At least n digits" in one anchored scan; the lookahead-backreference pair acts as an atomic group, so a
// text with too few digits fails in linear time instead of backtracking through every \D* split.
const AT_LEAST = new Map<number, RegExp>();
// Below this length a plain loop beats the regex call; above it the regex engine's scan is faster.
const SHORT_TEXT = 128;

/**
 * Cheap facts about a text that let detectors skip texts they cannot match, each computed on first use
 * and only as far as needed: a full JavaScript loop over a long text costs more than a detector's regex.
 */
export class TextFeatures {
  private digitsKnownAtLeast = 0;
  private digitsKnownBelow = Infinity;
  private at: boolean | undefined;
  private colon: boolean | undefined;

  constructor(private readonly text: string) {}

  /** Whether the text contains at least `n` ASCII digits. */
  digitsAtLeast(n: number): boolean {
    if (n <= this.digitsKnownAtLeast) return true;
    if (n >= this.digitsKnownBelow) return false;
    const text = this.text;
    let found: boolean;
    if (text.length < SHORT_TEXT) {
      let d = 0;
      for (let i = 0; i < text.length && d < n; i++) {
        const c = text.charCodeAt(i);
        if (c >= 48 && c <= 57) d++;
      }
      found = d >= n;
    } else {
      let re = AT_LEAST.get(n);
      if (re === undefined) {
        re = new RegExp(`^(?:(?=(\\D*))\\1\\d){${n}}`);
        AT_LEAST.set(n, re);
      }
      found = re.test(text);
    }
    if (found) this.digitsKnownAtLeast = n;
    else this.digitsKnownBelow = n;
    return found;
  }

  /** Whether the text contains '@'. */
  get hasAt(): boolean {
    return (this.at ??= this.text.indexOf('@') !== -1);
  }

  /** Whether the text contains ':'. */
  get hasColon(): boolean {
    return (this.colon ??= this.text.indexOf(':') !== -1);
  }
}

/** Keeps only the ASCII digits of a string. */
export function digitsOf(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) out += s[i];
  }
  return out;
}
