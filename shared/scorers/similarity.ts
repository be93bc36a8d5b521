import type { ScorerSpecOf } from '../domain/scorer-spec.js';
import { quoted, undecided, type Verdict } from './reason.js';

/** Lower-cased runs of letters and digits (any script). */
function tokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Token-overlap F1 of two texts (SQuAD style: shared tokens counted with multiplicity); 1 when both are empty. */
export function tokenF1(answer: string, reference: string): number {
  const a = tokens(answer);
  const r = tokens(reference);
  if (a.length === 0 || r.length === 0) return a.length === r.length ? 1 : 0;
  const counts = new Map<string, number>();
  for (const t of r) counts.set(t, (counts.get(t) ?? 0) + 1);
  let shared = 0;
  for (const t of a) {
    const n = counts.get(t) ?? 0;
    if (n > 0) {
      shared++;
      counts.set(t, n - 1);
    }
  }
  if (shared === 0) return 0;
  const precision = shared / a.length;
  const recall = shared / r.length;
  return (2 * precision * recall) / (precision + recall);
}

/** similarity: token-overlap F1 against the reference answer (the expectation's, else the case's) is at least `min_score`; `value` is the F1. */
export function scoreSimilarity(spec: ScorerSpecOf<'similarity'>, text: string, caseReference: string | undefined): Verdict {
  const reference = spec.reference ?? caseReference;
  if (reference === undefined) return undecided('no reference answer (give `reference:` on the expectation or on the case)');
  const min = spec.min_score ?? 0.5;
  const f1 = Math.round(tokenF1(text, reference) * 1000) / 1000;
  const passed = f1 >= min;
  return { passed, detail: `token F1 ${f1.toFixed(3)} ${passed ? '≥' : '<'} ${min} against the reference ${quoted(reference)}: ${quoted(text)}`, value: f1 };
}
