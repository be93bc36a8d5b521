import { KIND_PRIORITY } from './kinds.js';
import { luhnValid } from './checksums.js';
import type { Detector, Match, TextFeatures } from './detector.js';

// Digit groups joined by single spaces or dashes (the first of 3+ digits; later ones may be short, as in
// "4222 2222 2222 2"), not part of a decimal ("0.4111…") and not touching more digits. A run of numbers
// (a phone number, then a card) is taken whole so the card inside can be found; windows never exceed 19
// digits, so the search below stays linear in the number of groups.
const CANDIDATE = /(?<!\d|\d[.,])\d{3,19}(?:[ -]\d{1,19}){0,31}(?!\d|[.,]\d)/g;
const GROUP = /\d+/g;

interface Group {
  start: number;
  end: number;
  digits: string;
}

/**
 * Finds Luhn-valid card numbers among the groups: a window is one unseparated 13-19 digit group, or
 * consecutive groups starting with a 4-digit group (how cards are printed) totalling 13-19 digits.
 * Longest valid window first, then the same search left and right of it, so two cards in a row both go.
 */
function findWindows(groups: readonly Group[], from: number, to: number, offset: number, out: Match[]): void {
  let best: { i: number; j: number; digits: string } | null = null;
  for (let i = from; i < to; i++) {
    const g = groups[i]!;
    if (g.digits.length >= 13 && g.digits.length <= 19 && (best === null || g.digits.length > best.digits.length) && luhnValid(g.digits)) {
      best = { i, j: i, digits: g.digits };
    }
    if (g.digits.length !== 4) continue;
    let digits = g.digits;
    for (let j = i + 1; j < to; j++) {
      digits += groups[j]!.digits;
      if (digits.length > 19) break;
      if (digits.length >= 13 && (best === null || digits.length > best.digits.length) && luhnValid(digits)) best = { i, j, digits };
    }
  }
  if (best === null) return;
  out.push({ start: offset + groups[best.i]!.start, end: offset + groups[best.j]!.end, kind: 'CARD', key: best.digits, priority: KIND_PRIORITY.CARD });
  findWindows(groups, from, best.i, offset, out);
  findWindows(groups, best.j + 1, to, offset, out);
}

/** Payment card numbers (13-19 digits, optionally grouped with spaces or dashes) that pass the Luhn check. */
export const cardDetector: Detector = {
  kind: 'CARD',
  priority: KIND_PRIORITY.CARD,
  trigger: String.raw`\d`,
  find(text: string, features: TextFeatures, out: Match[]): void {
    if (!features.digitsAtLeast(13)) return;
    CANDIDATE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = CANDIDATE.exec(text)) !== null) {
      const candidate = m[0];
      if (candidate.length < 13) continue;
      const groups: Group[] = [];
      GROUP.lastIndex = 0;
      let g: RegExpExecArray | null;
      while ((g = GROUP.exec(candidate)) !== null) groups.push({ start: g.index, end: g.index + g[0].length, digits: g[0] });
      findWindows(groups, 0, groups.length, m.index, out);
    }
  },
};
