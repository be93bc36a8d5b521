/**
 * Buffers kept for reuse instead of being left to the garbage collector. An import allocates a block of lines and
 * a buffer of rows for every ~1 MB of input; dropped, they wait for a collection as external memory (tens of MB in
 * each thread), which is most of what made a large import's peak RSS vary from run to run.
 */
export class BufferPool {
  private readonly free: ArrayBuffer[] = [];

  /**
   * @param max    buffers kept at most
   * @param grain  new buffers are rounded up to this, so a returned one fits the next request more often than not
   * @param largest  a buffer larger than this (made for an unusually long record) is not kept
   */
  constructor(
    private readonly max: number,
    private readonly grain: number,
    private readonly largest = Infinity,
  ) {}

  /** A buffer of at least `size` bytes: a kept one that fits, else a new one. */
  take(size: number): Buffer {
    const i = this.free.findIndex((b) => b.byteLength >= size);
    if (i !== -1) return Buffer.from(this.free.splice(i, 1)[0]!);
    return Buffer.allocUnsafeSlow(Math.ceil(Math.max(size, 1) / this.grain) * this.grain);
  }

  /**
   * Keeps a buffer nothing refers to any more; false when it is not kept: the pool is full, or the buffer is too
   * large, or smaller than the grain (not one this kind of pool makes, e.g. the slab behind a small Buffer.from).
   */
  give(buffer: ArrayBuffer): boolean {
    if (this.free.length >= this.max || buffer.byteLength < this.grain || buffer.byteLength > this.largest) return false;
    this.free.push(buffer);
    return true;
  }
}
