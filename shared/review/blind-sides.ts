/**
 * Which side of the blind review shows the baseline's answer. Sides are shuffled per case with a seed per
 * reviewer: a pure hash of (reviewer, run, case), so a reload, another window or the CLI all show one reviewer
 * the same layout, two reviewers see independent layouts, and no state needs storing. The hash is FNV-1a over
 * the length-prefixed fields (so "ab"+"c" and "a"+"bc" differ) finished with murmur3's fmix32 avalanche, whose
 * top bit is close to a fair coin that is independent from one case to the next.
 */

import type { VoteChoice } from '../domain/review-votes.js';

/** A side of the side-by-side view. */
export type Side = 'left' | 'right';

/** 32-bit FNV-1a over UTF-16 code units, continuing from `hash`. */
function fnv1a(text: string, hash: number): number {
  let h = hash;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** murmur3's 32-bit finaliser: every input bit flips each output bit with probability ~1/2. */
function fmix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/** The reviewer's seed for a run: the same reviewer name (trimmed) on the same run always gives the same seed. */
export function reviewerSeed(reviewer: string, runId: string): number {
  const name = reviewer.trim();
  return fmix32(fnv1a(`${runId.length}:${runId}|`, fnv1a(`${name.length}:${name}|`, 0x811c9dc5)));
}

/** The side on which `reviewer` is shown the baseline's answer for case `caseId` of run `runId`. */
export function baselineSide(reviewer: string, runId: string, caseId: string): Side {
  const h = fmix32(fnv1a(`${caseId.length}:${caseId}`, reviewerSeed(reviewer, runId)));
  return h >>> 31 === 0 ? 'left' : 'right';
}

/** Which arm a side shows, given where the baseline is. */
export function armOnSide(side: Side, baseline: Side): 'baseline' | 'candidate' {
  return side === baseline ? 'baseline' : 'candidate';
}

/** What the reviewer pressed (left better, right better, tie, both bad) as a stored vote choice, unblinded. */
export function choiceFromSide(pick: Side | 'tie' | 'both_bad', baseline: Side): VoteChoice {
  return pick === 'tie' || pick === 'both_bad' ? pick : armOnSide(pick, baseline);
}
