import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linesOfBlock, splitLineBlocks } from './split-line-blocks.js';
import { splitLines } from './split-lines.js';

const chunked = (bytes: Buffer, size: number) => Readable.from(Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size)));

/** Every line as splitLines reports it: [line, text] or [line, 'too long', length]. */
async function viaBlocks(bytes: Buffer, chunk: number, cap: number, block: number, spare = 0): Promise<unknown[]> {
  const out: unknown[] = [];
  let expectLine = 1;
  // Buffers larger than asked for and full of line breaks, as a pool may hand out: only what was written counts.
  const alloc = (n: number) => Buffer.alloc(n + spare, 0x0a);
  for await (const b of splitLineBlocks(chunked(bytes, chunk), cap, block, alloc)) {
    expect(b.firstLine).toBe(expectLine);
    expectLine += b.lines;
    if (b.tooLong) out.push([b.firstLine, 'too long', b.length]);
    else {
      // A block owns its memory from its first byte: it can be transferred to a worker as it is.
      expect(b.bytes.byteOffset).toBe(0);
      const ls = [...linesOfBlock(new Uint8Array(b.bytes.buffer, b.bytes.byteOffset, b.bytes.length), b.firstLine, cap)];
      expect(ls).toHaveLength(b.lines);
      // The longest line (in bytes, a CR included) decides whether a worker may be handed the block with others.
      const text = b.bytes.toString('latin1');
      expect(b.longest).toBe(Math.max(...(text.endsWith('\n') ? text.slice(0, -1) : text).split('\n').map((l) => l.length)));
      for (const l of ls) out.push(l.tooLong ? [l.line, 'too long', l.length] : [l.line, l.bytes.toString('latin1')]);
    }
  }
  return out;
}

async function viaLines(bytes: Buffer, chunk: number, cap: number): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const l of splitLines(chunked(bytes, chunk), cap)) out.push(l.tooLong ? [l.line, 'too long', l.length] : [l.line, l.bytes.toString('latin1')]);
  return out;
}

describe('splitLineBlocks', () => {
  it('cuts whole lines into blocks and drops a line that outgrows the cap across reads', async () => {
    const text = Buffer.from(`a\r\n\nbb\n${'x'.repeat(300)}\nccc`);
    expect(await viaBlocks(text, 16, 100, 8)).toEqual([[1, 'a'], [2, ''], [3, 'bb'], [4, 'too long', 300], [5, 'ccc']]);
  });

  it('yields exactly the lines splitLines yields, for any bytes, reads, cap, block size and spare buffer room', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(fc.constantFrom(0x0a, 0x0d, 0x78), fc.integer({ min: 0, max: 255 })), { maxLength: 400 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 90 }),
        fc.integer({ min: 0, max: 50 }),
        async (raw, chunk, cap, block, spare) => {
          const bytes = Buffer.from(raw);
          expect(await viaBlocks(bytes, chunk, cap, block, spare)).toEqual(await viaLines(bytes, chunk, cap));
        },
      ),
      { numRuns: 1000 },
    );
  });
});
