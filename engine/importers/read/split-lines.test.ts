import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeUtf8Strict } from './decode-utf8.js';
import { splitLines, type RawLine } from './split-lines.js';

async function lines(text: string | Buffer, chunkSize: number, cap = 1 << 20): Promise<RawLine[]> {
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8');
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) chunks.push(bytes.subarray(i, i + chunkSize));
  const out: RawLine[] = [];
  for await (const l of splitLines(Readable.from(chunks), cap)) out.push(l);
  return out;
}

describe('splitLines', () => {
  it('numbers lines, strips CRLF, keeps empty lines, handles a missing final newline', async () => {
    const out = await lines('a\r\n\nbb\nccc', 2);
    expect(out.map((l) => [l.line, l.bytes?.toString()])).toEqual([[1, 'a'], [2, ''], [3, 'bb'], [4, 'ccc']]);
  });

  it('reports a line over the cap as too long and goes on with the next', async () => {
    const out = await lines(`ok\n${'x'.repeat(1000)}\nafter\n`, 64, 100);
    expect(out.map((l) => (l.tooLong ? `too long ${l.length}` : l.bytes.toString()))).toEqual(['ok', 'too long 1000', 'after']);
  });

  it('splits like String.split (less a final empty line) for any text and chunk size', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string({ unit: 'grapheme' }).filter((s) => !s.includes('\n') && !s.includes('\r')), { minLength: 1, maxLength: 10 }), fc.integer({ min: 1, max: 17 }), async (ls, chunk) => {
        const text = ls.join('\n');
        const out = await lines(text, chunk);
        // A final newline ends the last line; it does not start an empty one.
        const expected = text.split('\n');
        if (expected.at(-1) === '') expected.pop();
        expect(out.map((l) => l.bytes!.toString('utf8'))).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });
});

describe('decodeUtf8Strict', () => {
  it('decodes valid UTF-8, including a real U+FFFD, and rejects invalid bytes', () => {
    expect(decodeUtf8Strict(Buffer.from('héllo ✓'))).toBe('héllo ✓');
    expect(decodeUtf8Strict(Buffer.from('a\uFFFDb'))).toBe('a\uFFFDb');
    expect(decodeUtf8Strict(Buffer.from([0x61, 0xff, 0x62]))).toBeNull();
    expect(decodeUtf8Strict(Buffer.from([0xe2, 0x82]))).toBeNull();
  });
});
