/**
 * A set of 16-byte fingerprints in one flat typed array (open addressing, linear probing): 16 bytes a slot and
 * no object per entry, so a million fingerprints cost 32 MB and no garbage collection. Fingerprints are hash
 * output, so their first word is already a good slot index.
 */
export class FingerprintSet {
  private slots: Int32Array;
  private mask: number;
  private count = 0;
  // The all-zero fingerprint would look like an empty slot; it is kept aside.
  private hasZero = false;

  constructor(expected = 0) {
    let capacity = 1024;
    while (capacity * 0.75 < expected) capacity *= 2;
    this.slots = new Int32Array(capacity * 4);
    this.mask = capacity - 1;
  }

  /** Number of fingerprints held. */
  get size(): number {
    return this.count + (this.hasZero ? 1 : 0);
  }

  /** Adds the 16 bytes at `offset` of `bytes`; false when they were already in the set. */
  add(bytes: Uint8Array, offset = 0): boolean {
    const view = new DataView(bytes.buffer, bytes.byteOffset + offset, 16);
    const a = view.getInt32(0, true);
    const b = view.getInt32(4, true);
    const c = view.getInt32(8, true);
    const d = view.getInt32(12, true);
    if ((a | b | c | d) === 0) {
      if (this.hasZero) return false;
      this.hasZero = true;
      return true;
    }
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
    this.slots = new Int32Array(old.length * 2);
    this.mask = old.length / 2 - 1;
    for (let at = 0; at < old.length; at += 4) {
      const a = old[at]!;
      if ((a | old[at + 1]! | old[at + 2]! | old[at + 3]!) === 0) continue;
      let i = a & this.mask;
      while (this.slots[i * 4] !== 0 || this.slots[i * 4 + 1] !== 0 || this.slots[i * 4 + 2] !== 0 || this.slots[i * 4 + 3] !== 0) i = (i + 1) & this.mask;
      this.slots.set(old.subarray(at, at + 4), i * 4);
    }
  }
}
