import { diffWords } from 'diff';
import { checkCitations } from '../../../../shared/scorers/citations.js';

/** A run of text in one side of a word diff: same on both sides, or only on this side. */
export interface DiffPart {
  text: string;
  changed: boolean;
}

/** Both sides of a word diff: left holds the common words and the left-only ones, right likewise. */
export interface SideBySideDiff {
  left: DiffPart[];
  right: DiffPart[];
  /** False when the diff gave up (texts too long or too different to diff within the time budget). */
  complete: boolean;
}

// A word diff of two long, unrelated answers can take seconds; past this the two texts are shown plain.
const DIFF_TIMEOUT_MS = 150;

/** A word-level diff (jsdiff diffWords) split into the two texts, each with its own changed words marked. */
export function sideBySideDiff(left: string, right: string): SideBySideDiff {
  const changes = diffWords(left, right, { timeout: DIFF_TIMEOUT_MS });
  if (!changes) return { left: [{ text: left, changed: false }], right: [{ text: right, changed: false }], complete: false };
  const l: DiffPart[] = [];
  const r: DiffPart[] = [];
  for (const c of changes) {
    if (c.added) r.push({ text: c.value, changed: true });
    else if (c.removed) l.push({ text: c.value, changed: true });
    else {
      l.push({ text: c.value, changed: false });
      r.push({ text: c.value, changed: false });
    }
  }
  return { left: l, right: r, complete: true };
}

/** What the answers cite: the documents they name, and the ids that name no document (fabricated). */
export interface CitationCheck {
  /** Ids of documents cited by at least one answer (numeric citations resolved to the n-th document). */
  cited: Set<string>;
  /** Cited ids that are not among the documents, in order of first appearance. */
  fabricated: string[];
}

/** Checks the citations of answers against the case's documents with the same rule as the citation scorer. */
export function checkAnswerCitations(answers: readonly (string | null)[], documents: readonly { id: string; text: string }[]): CitationCheck {
  const cited = new Set<string>();
  const fabricated: string[] = [];
  const docs = documents.map((d) => ({ id: d.id, text: d.text }));
  for (const answer of answers) {
    if (!answer) continue;
    const { cited: ids, invalid } = checkCitations(answer, docs);
    const bad = new Set(invalid);
    for (const id of ids) {
      if (bad.has(id)) {
        if (!fabricated.includes(id)) fabricated.push(id);
        continue;
      }
      const byPosition = /^\d+$/.test(id) && !docs.some((d) => d.id === id) ? docs[Number(id) - 1] : undefined;
      cited.add(byPosition ? byPosition.id : id);
    }
  }
  return { cited, fabricated };
}

/** A piece of an answer: its text, whether the word diff marks it, and the citation it belongs to (if any). */
export interface AnswerSegment {
  text: string;
  changed: boolean;
  /** Index of the citation marker this piece is part of, or -1. */
  citation: number;
}

/** A citation marker in an answer ("[kb-1]"), valid or naming no document. */
export interface CitationMark {
  kind: 'valid' | 'fabricated';
}

/**
 * Lays the citation markers over a side of the word diff. Both are found on the whole text, so a marker the
 * diff split ("[kb-" same, "9" changed, "]" same) is still one citation.
 */
export function annotateAnswer(parts: readonly DiffPart[], fabricated: readonly string[]): { segments: AnswerSegment[]; citations: CitationMark[] } {
  const text = parts.map((p) => p.text).join('');
  const bad = new Set(fabricated);
  const ranges: { start: number; end: number }[] = [];
  const citations: CitationMark[] = [];
  for (const m of text.matchAll(/\[([^\]\s]{1,64})\]/g)) {
    if (!/\d/.test(m[1]!)) continue;
    ranges.push({ start: m.index, end: m.index + m[0].length });
    citations.push({ kind: bad.has(m[1]!) ? 'fabricated' : 'valid' });
  }
  const segments: AnswerSegment[] = [];
  let at = 0;
  let r = 0;
  for (const part of parts) {
    const end = at + part.text.length;
    let pos = at;
    while (pos < end) {
      while (r < ranges.length && ranges[r]!.end <= pos) r += 1;
      const range = ranges[r];
      let next: number;
      let citation = -1;
      if (range && range.start <= pos) {
        next = Math.min(end, range.end);
        citation = r;
      } else next = Math.min(end, range ? range.start : end);
      segments.push({ text: text.slice(pos, next), changed: part.changed, citation });
      pos = next;
    }
    at = end;
  }
  return { segments, citations };
}
