import type { Shard } from '../../shared/domain/run.js';
import { InputError } from '../errors.js';
import { sha256Hex } from '../hashing.js';
import type { RunRow, Store, StoredCase } from '../store/index.js';

/** Parses `--shard i/n` (1 ≤ i ≤ n); anything else is a usage error naming the option. */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || !Number.isSafeInteger(index) || !Number.isSafeInteger(count) || index < 1 || count < 1 || index > count) {
    throw new InputError(`expected i/n with 1 ≤ i ≤ n (e.g. 2/4), got "${text}"`, { field: '--shard' });
  }
  return { index, count };
}

/** "2/4", as messages and tables show a shard. */
export function shardLabel(shard: Shard): string {
  return `${shard.index}/${shard.count}`;
}

/**
 * Assigns every case key of a suite to one of `count` shards. Keys are ordered by the sha256 of the key (then
 * the key) and dealt out in turn, so the shards differ in size by at most one case, and the assignment depends
 * only on the set of keys — never on row ids or storage order — so every runner computes the same partition
 * from the same suite version without talking to the others.
 */
export function assignShards(keys: Iterable<string>, count: number): Map<string, number> {
  const ranked = [...new Set(keys)]
    .map((key) => ({ key, hash: sha256Hex(key) }))
    .sort((a, b) => (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return new Map(ranked.map((r, i) => [r.key, (i % count) + 1]));
}

/** The cases of one shard, in their stored order. Every arm and attempt of a case goes with the case. */
export function casesOfShard<C extends { key: string }>(cases: readonly C[], shard: Shard | null): C[] {
  if (!shard) return [...cases];
  const assigned = assignShards(cases.map((c) => c.key), shard.count);
  return cases.filter((c) => assigned.get(c.key) === shard.index);
}

/** The active cases a run replays: the whole suite version, or its shard's part of it. */
export function runCases(store: Store, run: RunRow): StoredCase[] {
  // Lazily read cases: a run of a large suite lists ids and keys, and reads each conversation when it is replayed.
  return casesOfShard(store.suites.activeCaseRefs(run.suiteId), run.shard);
}
