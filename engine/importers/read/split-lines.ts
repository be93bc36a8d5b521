import type { Readable } from 'node:stream';

/** One line of a file as bytes, or a note that it was longer than allowed (its bytes were dropped). */
export type RawLine = { line: number; bytes: Buffer; tooLong: false } | { line: number; bytes: null; tooLong: true; length: number };

/**
 * Splits a byte stream into lines without ever holding more than one line (capped at maxLineBytes) in memory:
 * a longer line is skipped up to its end and reported as too long, so one huge line cannot exhaust memory.
 */
export async function* splitLines(stream: Readable, maxLineBytes: number): AsyncGenerator<RawLine> {
  let parts: Buffer[] = [];
  let partBytes = 0;
  let overflow = 0; // bytes of the current line dropped because it is too long
  let lineNo = 0;
  const finish = (): RawLine => {
    lineNo++;
    if (overflow > 0) {
      const r: RawLine = { line: lineNo, bytes: null, tooLong: true, length: overflow + partBytes };
      overflow = 0;
      parts = [];
      partBytes = 0;
      return r;
    }
    let bytes = parts.length === 1 ? parts[0]! : Buffer.concat(parts, partBytes);
    if (bytes.length > 0 && bytes[bytes.length - 1] === 0x0d) bytes = bytes.subarray(0, bytes.length - 1);
    parts = [];
    partBytes = 0;
    return { line: lineNo, bytes, tooLong: false };
  };
  const append = (chunk: Buffer) => {
    if (chunk.length === 0) return;
    if (overflow > 0 || partBytes + chunk.length > maxLineBytes) {
      overflow += partBytes + chunk.length;
      parts = [];
      partBytes = 0;
      return;
    }
    parts.push(chunk);
    partBytes += chunk.length;
  };
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(0x0a, start);
      if (nl === -1) break;
      append(chunk.subarray(start, nl));
      yield finish();
      start = nl + 1;
    }
    // Copy the tail: the stream may reuse its chunk buffers.
    if (start < chunk.length) append(Buffer.from(chunk.subarray(start)));
  }
  if (partBytes > 0 || overflow > 0) yield finish();
}
