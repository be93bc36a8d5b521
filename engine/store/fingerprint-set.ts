/**
 * A set of 16-byte fingerprints in flat typed arrays (open addressing, linear probing): no object per entry, so it
 * costs the garbage collector nothing. It keeps the first 12 bytes (96 bits) of each fingerprint, 12 bytes a slot:
 * a million fingerprints take 24 MB instead of 32 MB, which counts against an import's peak RSS. Two different
 * requests would be taken for one only if those 96 bits of their sha256 agreed: at the set's cap of 4 million
 * that has a chance of about 1 in 10^16. It is split in 64 shards that grow one at a time, so growing never holds
 * two copies of the whole set. Fingerprints are hash output: their first word is a good shard and slot index as it is.
 */
export class FingerprintSet {
  private readonly shards: Shard[] = Array.from({ length: SHARDS }, () => new Shard());
  // A key whose 96 kept bits are all zero would look like an empty slot; it is kept aside.
  private hasZero = false;

  /** Number of fingerprints held. */
  get size(): number {
    return this.shards.reduce((a, s) => a + s.count, this.hasZero ? 1 : 0);
  }

  /** Adds the 16 bytes at `offset` of `bytes`; false when they were already in the set (compared on 96 bits). */
  add(bytes: Uint8Array, offset = 0): boolean {
    const a = word(bytes, offset);
    const b = word(bytes, offset + 4);
    const c = word(bytes, offset + 8);
    if ((a | b | c) === 0) {
      if (this.hasZero) return false;
      this.hasZero = true;
      return true;
    }
    return this.shards[a >>> SHARD_SHIFT]!.add(a, b, c);
  }
}

/** The little-endian 32-bit word at `at` (no DataView: this runs once per imported row). */
function word(bytes: Uint8Array, at: number): number {
  return bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24);
}

const SHARD_BITS = 6;
const SHARDS = 1 << SHARD_BITS;
const SHARD_SHIFT = 32 - SHARD_BITS;
/** 32-bit words a slot. */
const WORDS = 3;

class Shard {
  slots = new Int32Array(64 * WORDS);
  mask = 63;
  count = 0;

  add(a: number, b: number, c: number): boolean {
    const slots = this.slots;
    for (let i = a & this.mask; ; i = (i + 1) & this.mask) {
      const at = i * WORDS;
      const sa = slots[at]!;
      const sb = slots[at + 1]!;
      const sc = slots[at + 2]!;
      if ((sa | sb | sc) === 0) {
        slots[at] = a;
        slots[at + 1] = b;
        slots[at + 2] = c;
        if (++this.count > (this.mask + 1) * 0.75) this.grow();
        return true;
      }
      if (sa === a && sb === b && sc === c) return false;
    }
  }

  private grow(): void {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2);
    const mask = (old.length * 2) / WORDS - 1;
    for (let at = 0; at < old.length; at += WORDS) {
      const a = old[at]!;
      if ((a | old[at + 1]! | old[at + 2]!) === 0) continue;
      let i = a & mask;
      while ((slots[i * WORDS]! | slots[i * WORDS + 1]! | slots[i * WORDS + 2]!) !== 0) i = (i + 1) & mask;
      slots.set(old.subarray(at, at + WORDS), i * WORDS);
    }
    this.slots = slots;
    this.mask = mask;
  }
}
