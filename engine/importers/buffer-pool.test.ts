import { describe, expect, it } from 'vitest';
import { BufferPool } from './buffer-pool.js';

describe('BufferPool', () => {
  it('hands back a kept buffer that fits, rounds new ones up to the grain, and keeps no more than asked', () => {
    const pool = new BufferPool(2, 1024, 4096);
    const a = pool.take(100);
    expect(a.length).toBe(1024);
    const big = pool.take(5000);
    expect(big.length).toBe(5120);
    // Too large to keep (made for one long record).
    expect(pool.give(big.buffer as ArrayBuffer)).toBe(false);
    // Smaller than the grain: not one of ours (a retried chunk's bytes sit in an 8 KiB slab).
    expect(pool.give(new ArrayBuffer(512))).toBe(false);
    expect(pool.give(a.buffer as ArrayBuffer)).toBe(true);
    expect(pool.give(new ArrayBuffer(2048))).toBe(true);
    expect(pool.give(new ArrayBuffer(2048))).toBe(false);
    // The kept 2048-byte buffer is the one that fits 1500; the 1024-byte one fits 1000.
    expect(pool.take(1500).buffer.byteLength).toBe(2048);
    expect(pool.take(1000).buffer).toBe(a.buffer);
    // Nothing kept now: a new buffer.
    expect(pool.take(10).buffer).not.toBe(a.buffer);
  });
});
