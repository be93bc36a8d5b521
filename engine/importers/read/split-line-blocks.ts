/**
 * Whole lines of a file, as bytes in a buffer of their own (so it can be moved to a worker thread without a
 * copy), the first one numbered `firstLine`; or one line longer than allowed (its bytes were dropped).
 */
export type LineBlock = { firstLine: number; lines: number; bytes: Buffer; longest: number; tooLong: false } | { firstLine: number; lines: 1; bytes: null; tooLong: true; length: number };

const NEWLINE = 0x0a;

/** Why an over-long line is rejected (wherever it is found). */
export function tooLongReason(length: number, limit: number): string {
  return `line too long: ${length} bytes (limit ${limit})`;
}

/**
 * Cuts a byte stream into blocks of about `blockBytes` of whole lines. Splitting a block into lines, and the
 * length check of lines inside it, is left to whoever processes the block; a line that spans reads is checked
 * here and, when it is longer than maxLineBytes, skipped up to its end and reported, never held whole. Each
 * read is copied at once, so the source may reuse its buffer for the next read. Blocks come from `alloc` (which
 * may hand out a larger buffer than asked for: its whole length is used).
 */
export async function* splitLineBlocks(
  stream: AsyncIterable<Uint8Array>,
  maxLineBytes: number,
  blockBytes = 256 << 10,
  alloc: (size: number) => Buffer = Buffer.allocUnsafeSlow,
): AsyncGenerator<LineBlock> {
  let block = alloc(blockBytes);
  let used = 0;
  let tail = 0; // bytes of the unfinished last line in the block
  let overflow = 0; // bytes of the current line dropped because it is too long
  let line = 1; // number of the first line in the block

  const append = (bytes: Uint8Array) => {
    if (used + bytes.length > block.length) {
      const bigger = alloc(Math.max(block.length * 2, used + bytes.length));
      block.copy(bigger, 0, 0, used);
      block = bigger;
    }
    block.set(bytes, used);
    used += bytes.length;
  };

  /** Hands out the block's whole lines (all of it when final); the unfinished last line starts the next block. */
  function* cut(final: boolean): Generator<LineBlock> {
    // (lastIndexOf with a negative offset would search the unused end of the buffer.)
    if (used === 0) return;
    const end = final ? used : block.lastIndexOf(NEWLINE, used - 1) + 1;
    if (end === 0) return;
    const full = block;
    block = alloc(Math.max(blockBytes, used - end));
    full.copy(block, 0, end, used);
    used -= end;
    let lines = 0;
    let longest = 0;
    let start = 0;
    for (let i = full.indexOf(NEWLINE); i !== -1 && i < end; i = full.indexOf(NEWLINE, i + 1)) {
      lines++;
      longest = Math.max(longest, i - start);
      start = i + 1;
    }
    if (full[end - 1] !== NEWLINE) {
      lines++;
      longest = Math.max(longest, end - start);
    }
    yield { firstLine: line, lines, bytes: full.subarray(0, end), longest, tooLong: false };
    line += lines;
  }

  try {
    for await (const input of stream) {
      let rest = input;
      if (overflow > 0) {
        const nl = rest.indexOf(NEWLINE);
        if (nl === -1) {
          overflow += rest.length;
          continue;
        }
        yield { firstLine: line++, lines: 1, bytes: null, tooLong: true, length: overflow + nl };
        overflow = 0;
        rest = rest.subarray(nl + 1);
      }
      if (rest.length === 0) continue;
      const lastNl = rest.lastIndexOf(NEWLINE);
      tail = lastNl === -1 ? tail + rest.length : rest.length - lastNl - 1;
      if (tail > maxLineBytes) {
        // A line that has grown past the cap without ending: the lines before it go out, it is dropped and counted.
        if (lastNl !== -1) append(rest.subarray(0, lastNl + 1));
        yield* cut(false);
        overflow = used + (lastNl === -1 ? rest.length : tail);
        used = 0;
        tail = 0;
        continue;
      }
      append(rest);
      if (used >= blockBytes) yield* cut(false);
    }
  } catch (err) {
    // A read error (a truncated gzip): the whole lines read before it still count.
    if (overflow === 0) yield* cut(false);
    throw err;
  }
  if (overflow > 0) yield { firstLine: line, lines: 1, bytes: null, tooLong: true, length: overflow };
  else yield* cut(true);
}

/** One line of a block: its bytes (without the line break), or a note that it is longer than allowed. */
export type BlockLine = { line: number; bytes: Buffer; tooLong: false } | { line: number; bytes: null; tooLong: true; length: number };

/** The lines of a block, numbered, CRLF stripped, each checked against the cap (as `splitLines` does). */
export function* linesOfBlock(block: Uint8Array, firstLine: number, maxLineBytes: number): Generator<BlockLine> {
  const bytes = Buffer.from(block.buffer, block.byteOffset, block.byteLength);
  let line = firstLine;
  for (let start = 0; start < bytes.length; line++) {
    let end = bytes.indexOf(NEWLINE, start);
    if (end === -1) end = bytes.length;
    if (end - start > maxLineBytes) yield { line, bytes: null, tooLong: true, length: end - start };
    else yield { line, bytes: bytes.subarray(start, end > start && bytes[end - 1] === 0x0d ? end - 1 : end), tooLong: false };
    start = end + 1;
  }
}
