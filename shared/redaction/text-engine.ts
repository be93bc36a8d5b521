import { TextFeatures, type Detector, type Match } from './detector.js';
import type { PlaceholderScope } from './placeholder-scope.js';
import { RecentStrings } from '../recent-strings.js';

/**
 * Texts at least this long that were found clean are remembered: captured samples repeat their long texts
 * (system prompts, retrieved documents), and scanning those again was most of what redaction cost.
 */
const REMEMBER_CLEAN_CHARS = 128;

/** A regex matching the placeholders of the given labels (`<EMAIL_1>`, `<ORDER_ID_12>`). */
export function placeholderPattern(labels: readonly string[]): RegExp {
  // Longest label first so that "MY_ID" is tried before "MY" (the regex would backtrack anyway).
  const alternatives = [...labels].sort((a, b) => b.length - a.length).join('|');
  return new RegExp(`<(?:${alternatives})_[1-9][0-9]{0,8}>`, 'g');
}

/** Picks non-overlapping matches: by priority (validated kinds first), then earliest, then longest. */
function selectMatches(matches: Match[]): Match[] {
  if (matches.length === 1) return matches;
  matches.sort((a, b) => a.priority - b.priority || a.start - b.start || b.end - a.end);
  // `chosen` stays sorted by start, so an overlap check only needs the neighbours of the insertion point.
  const chosen: Match[] = [];
  for (const m of matches) {
    let lo = 0;
    let hi = chosen.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (chosen[mid]!.start < m.start) lo = mid + 1;
      else hi = mid;
    }
    const before = chosen[lo - 1];
    const after = chosen[lo];
    if ((before !== undefined && before.end > m.start) || (after !== undefined && after.start < m.end)) continue;
    chosen.splice(lo, 0, m);
  }
  return chosen;
}

/**
 * Runs a fixed set of detectors over text and replaces what they find with scoped placeholders.
 * Placeholders already in the text are left alone: the text is cut at them and only the pieces in between
 * are scanned, so no detector (custom ones included) can ever match or swallow a placeholder.
 */
export class TextEngine {
  /** Matches any text in which some detector could find something; null when a detector has no trigger. */
  private readonly gate: RegExp | null;
  /** Recent long texts in which nothing was found and that hold no placeholder: redacting them changes nothing. */
  private readonly clean = new RecentStrings<true>();

  constructor(
    private readonly detectors: readonly Detector[],
    private readonly placeholders: RegExp,
  ) {
    const triggers = detectors.map((d) => d.trigger);
    // One scan answers "can anything match here?" for the many short strings (JSON keys, ids, labels).
    this.gate = triggers.every((t) => t !== undefined) ? new RegExp([...new Set(triggers)].join('|')) : null;
  }

  /** Redacts `text` in `scope`; repeats until a pass finds nothing, so the result is a fixed point. */
  redact(text: string, scope: PlaceholderScope): string {
    if (text.length === 0 || this.detectors.length === 0) return text;
    const remember = text.length >= REMEMBER_CLEAN_CHARS;
    if (remember && this.clean.get(text) === true) return text;
    const hasPlaceholder = text.indexOf('<') !== -1;
    if (hasPlaceholder) this.reserveLiterals(text, scope);
    let current = hasPlaceholder ? this.pass(text, scope) : this.redactPiece(text, scope);
    // Clean, and without a placeholder (which would reserve its number in the scope): the same text needs no
    // work in any scope.
    if (remember && current === text && (!hasPlaceholder || text.search(this.placeholders) === -1)) {
      this.clean.set(text, true);
      return text;
    }
    // Dropping an overlapped match can leave a remainder that is itself a match ("+1 415 555 0134" glued to
    // a card); a further pass over the pieces between placeholders catches it, and makes redaction idempotent.
    // Every productive pass turns unprotected characters into placeholders, so this terminates.
    while (current !== text) {
      text = current;
      current = this.pass(text, scope);
    }
    return current;
  }

  private reserveLiterals(text: string, scope: PlaceholderScope): void {
    const re = this.placeholders;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) scope.reserve(m[0]);
  }

  /** One detection pass over the pieces of `text` between placeholders. */
  private pass(text: string, scope: PlaceholderScope): string {
    const re = this.placeholders;
    re.lastIndex = 0;
    let out = '';
    let from = 0;
    let m: RegExpExecArray | null;
    // Collect the cuts first: redactPiece must not run while this global regex is mid-scan.
    const cuts: number[] = [];
    while ((m = re.exec(text)) !== null) cuts.push(m.index, m.index + m[0].length);
    if (cuts.length === 0) return this.redactPiece(text, scope);
    for (let i = 0; i < cuts.length; i += 2) {
      const start = cuts[i]!;
      const end = cuts[i + 1]!;
      if (start > from) out += this.redactPiece(text.slice(from, start), scope);
      out += text.slice(start, end);
      from = end;
    }
    if (from < text.length) out += this.redactPiece(text.slice(from), scope);
    return out;
  }

  /** Detects in a piece that contains no placeholder and replaces the chosen matches. */
  private redactPiece(piece: string, scope: PlaceholderScope): string {
    if (this.gate !== null && !this.gate.test(piece)) return piece;
    const features = new TextFeatures(piece);
    const found: Match[] = [];
    for (const d of this.detectors) d.find(piece, features, found);
    if (found.length === 0) return piece;
    let out = '';
    let from = 0;
    for (const m of selectMatches(found)) {
      out += piece.slice(from, m.start) + scope.placeholderFor(m.kind, m.key);
      from = m.end;
    }
    return out + piece.slice(from);
  }
}
