/**
 * A set of 16-byte fingerprints in flat typed arrays (open addressing, linear probing): 16 bytes a slot and no
 * object per entry, so a million fingerprints take 32 MB and cost the garbage collector nothing. It is split in
 * 64 shards that grow one at a time, so growing never holds two copies of the whole set. Fingerprints are hash
 * output: their first word is a good shard and slot index as it is.
 */
export class FingerprintSet {
  private readonly shards: Shard[] = Array.from({ length: SHARDS }, () => new Shard());
  // The all-zero fingerprint would look like an empty slot; it is kept aside.
  private hasZero = false;

  /** Number of fingerprints held. */
  get size(): number {
    return this.shards.reduce((a, s) => a + s.count, this.hasZero ? 1 : 0);
  }

  /** Adds the 16 bytes at `offset` of `bytes`; false when they were already in the set. */
  add(bytes: Uint8Array, offset = 0): boolean {
    const a = word(bytes, offset);
    const b = word(bytes, offset + 4);
    const c = word(bytes, offset + 8);
    const d = word(bytes, offset + 12);
    if ((a | b | c | d) === 0) {
      if (this.hasZero) return false;
      this.hasZero = true;
      return true;
    }
    return this.shards[a >>> SHARD_SHIFT]!.add(a, b, c, d);
  }
}

/** The little-endian 32-bit word at `at` (no DataView: this runs once per imported row). */
function word(bytes: Uint8Array, at: number): number {
  return bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24);
}

const SHARD_BITS = 6;
const SHARDS = 1 << SHARD_BITS;
const SHARD_SHIFT = 32 - SHARD_BITS;

class Shard {
  slots = new Int32Array(64 * 4);
  mask = 63;
  count = 0;

  add(a: number, b: number, c: number, d: number): boolean {
    const slots = this.slots;
    for (let i = a & this.mask; ; i = (i + 1) & this.mask) {
      const at = i * 4;
      const sa = slots[at]!;
      const sb = slots[at + 1]!;
      const sc = slots[at + 2]!;
      const sd = slots[at + 3]!;
      if ((sa | sb | sc | sd) === 0) {
        slots[at] = a;
        slots[at + 1] = b;
        slots[at + 2] = c;
        slots[at + 3] = d;
        if (++this.count > (this.mask + 1) * 0.75) this.grow();
        return true;
      }
      if (sa === a && sb === b && sc === c && sd === d) return false;
    }
  }

  private grow(): void {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2);
    const mask = old.length / 2 - 1;
    for (let at = 0; at < old.length; at += 4) {
      const a = old[at]!;
      if ((a | old[at + 1]! | old[at + 2]! | old[at + 3]!) === 0) continue;
      let i = a & mask;
      while ((slots[i * 4]! | slots[i * 4 + 1]! | slots[i * 4 + 2]! | slots[i * 4 + 3]!) !== 0) i = (i + 1) & mask;
      slots.set(old.subarray(at, at + 4), i * 4);
    }
    this.slots = slots;
    this.mask = mask;
  }
}
