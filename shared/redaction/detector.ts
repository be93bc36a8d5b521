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

// "At least n digits", anchored at the start: one linear scan that stops at the n-th digit.
const AT_LEAST = new Map<number, RegExp>();

/**
 * Cheap facts about a text that let detectors skip texts they cannot match, each computed on first use
 * with a native search: a JavaScript loop over every character costs more than most detectors' regexes.
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
    let re = AT_LEAST.get(n);
    if (re === undefined) {
      re = new RegExp(`^(?:\\D*\\d){${n}}`);
      AT_LEAST.set(n, re);
    }
    if (re.test(this.text)) this.digitsKnownAtLeast = n;
    else this.digitsKnownBelow = n;
    return this.digitsKnownAtLeast >= n;
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

/** Counts the ASCII digits of a string. */
export function countDigits(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
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
