import type { ScoreRow } from './score-repository.js';

/** The running pair of 32-bit hashes: FNV-1a-style and Murmur-style multiplications, independent of each other. */
const h = new Int32Array(2);

function mix(k: number): void {
  h[0] = Math.imul(h[0]! ^ k, 0x01000193);
  const b = Math.imul(h[1]! ^ k, 0x5bd1e995);
  h[1] = b ^ (b >>> 15);
}

/** Feeds a string two UTF-16 units at a time, its length first (so that field boundaries are part of what is hashed). */
function feedString(s: string): void {
  const n = s.length;
  let a = Math.imul(h[0]! ^ n, 0x01000193);
  let b = Math.imul(h[1]! ^ n, 0x5bd1e995);
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const k = s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16);
    a = Math.imul(a ^ k, 0x01000193);
    b = Math.imul(b ^ k, 0x5bd1e995);
    b ^= b >>> 15;
  }
  if (i < n) {
    a = Math.imul(a ^ s.charCodeAt(i), 0x01000193);
    b = Math.imul(b ^ s.charCodeAt(i), 0x5bd1e995);
  }
  h[0] = a;
  h[1] = b;
}

/**
 * The two hashes of strings that recur on every row (scorer, severity, category, version, expectation names), by
 * content, so each is hashed once rather than on each of 800,000 rows. Bounded: cleared when it grows large.
 */
const known = new Map<string, Int32Array>();

/**
 * The last string met in each slot (a score's position within its result × a column) and its hashes: consecutive
 * results of a suite mostly repeat the same expectations, so the strings in a slot repeat and most lookups end at a
 * string comparison (by reference first) instead of a Map lookup.
 */
const SLOTS = 64;
const lastString: (string | undefined)[] = new Array<string | undefined>(SLOTS).fill(undefined);
const lastPair: Int32Array[] = Array.from({ length: SLOTS }, () => new Int32Array(2));

function feedRecurring(s: string, slot: number): void {
  let pair: Int32Array | undefined;
  if (lastString[slot] === s) pair = lastPair[slot]!;
  else {
    pair = known.get(s);
    if (pair === undefined) {
      const a = h[0]!;
      const b = h[1]!;
      h[0] = 0;
      h[1] = 0;
      feedString(s);
      pair = Int32Array.of(h[0]!, h[1]!);
      h[0] = a;
      h[1] = b;
      if (known.size >= 4096) known.clear();
      known.set(s, pair);
    }
    lastString[slot] = s;
    lastPair[slot] = pair;
  }
  mix(pair[0]!);
  mix(pair[1]!);
}

const float = new Float64Array(1);
const floatWords = new Int32Array(float.buffer);

/** Feeds an optional string: absent (undefined or null) is told apart from every string, the empty one included. */
function feedOptional(s: string | null | undefined, slot: number): void {
  if (s == null) mix(-1);
  else {
    mix(1);
    feedRecurring(s, slot);
  }
}

/**
 * A 53-bit digest of a result's scores, in their order: every column a score row stores goes in (name, scorer,
 * passed, severity, category, detail, value, scorer version, error), with absent and present values told apart.
 * Equal digests of different score sets need a 2^-53 coincidence. `rows[from..to)` are the result's scores.
 */
export function scoresDigest(rows: readonly ScoreRow[], from: number, to: number): number {
  h[0] = 0x811c9dc5 | 0;
  h[1] = 0x9747b28c | 0;
  mix(to - from);
  for (let i = from; i < to; i++) {
    const s = rows[i]!;
    const slot = ((i - from) & 7) * 8;
    feedRecurring(s.name, slot);
    feedRecurring(s.scorer, slot + 1);
    mix(s.passed ? 1 : 0);
    feedRecurring(s.severity, slot + 2);
    feedRecurring(s.category, slot + 3);
    feedString(s.detail);
    if (s.value == null) mix(-1);
    else {
      float[0] = s.value;
      mix(floatWords[0]!);
      mix(floatWords[1]!);
    }
    feedOptional(s.version, slot + 4);
    feedOptional(s.error, slot + 5);
  }
  // 32 bits of one and 21 of the other: an integer SQLite and JavaScript both hold exactly.
  return (h[0]! >>> 0) * 0x200000 + (h[1]! >>> 11);
}
