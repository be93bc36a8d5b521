import { Readable } from 'node:stream';
import { openInput, readReusingBuffer } from './open-input.js';
import { splitJsonDocument } from './split-json-document.js';
import { splitLineBlocks, tooLongReason } from './split-line-blocks.js';

/**
 * What reading a capture file yields: record texts (the elements of a JSON document) or blocks of whole JSON lines
 * as bytes (split and decoded later, maybe on another thread), unusable lines, or a problem with the file itself.
 */
export type RecordEvent =
  | { kind: 'record'; line: number; text: string }
  | { kind: 'block'; firstLine: number; lines: number; bytes: Buffer }
  | { kind: 'reject'; line: number; reason: string }
  | { kind: 'file-error'; line: number | null; reason: string };

export interface ReadOptions {
  maxRecordBytes: number;
  /** Called with the compressed bytes read so far, for progress. */
  onBytes?: (bytesRead: number) => void;
}

/** A JSON.parse failure described without echoing the input (V8's messages quote it, and it may hold secrets). */
export function describeJsonError(err: unknown): string {
  const m = /position (\d+)/.exec((err as Error).message);
  return m ? `not JSON (syntax error at character ${Number(m[1]) + 1})` : 'not JSON (unexpected end or invalid syntax)';
}

function parse(text: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    return { ok: false, reason: describeJsonError(err) };
  }
}

/** Reads up to the first newline (bounded) to tell JSON Lines from one whole JSON document. */
async function peekLayout(stream: Readable): Promise<{ layout: 'lines' | 'document' | 'empty'; replay: Readable }> {
  const iterator = (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let headBytes = 0;
  let done = false;
  let text = '';
  while (headBytes < 1 << 20) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    head.push(next.value);
    headBytes += next.value.length;
    text = Buffer.concat(head).toString('utf8');
    const first = text.trimStart();
    // Enough to decide: anything but an object start, or the first two lines of an object-led file.
    if (first.length > 0 && (first[0] !== '{' || first.split('\n', 3).length === 3)) break;
  }
  const replay = (async function* () {
    yield* head;
    if (!done) for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  })();
  const stream2 = Readable.from(replay);
  const first = text.trimStart();
  if (first === '') return { layout: 'empty', replay: stream2 };
  if (first[0] === '[') return { layout: 'document', replay: stream2 };
  if (first[0] !== '{') return { layout: 'lines', replay: stream2 };
  // JSON Lines if the first line is a JSON value by itself — or, when the first line is broken, if the second
  // one is (a damaged first line must not turn a JSONL file into one big document). A pretty-printed document
  // has neither.
  const [line1 = '', line2 = ''] = first.split('\n', 2).map((l) => l.trim());
  const lines = parse(line1).ok || (line2.startsWith('{') && parse(line2).ok);
  return { layout: lines ? 'lines' : 'document', replay: stream2 };
}

/**
 * Streams the records of one capture file, plain or gzip, as JSON Lines or as one whole JSON document
 * (whose array elements are the records), never holding more than one record in memory.
 */
export async function* readRecords(file: string, opts: ReadOptions): AsyncGenerator<RecordEvent> {
  let input;
  try {
    input = openInput(file);
  } catch (err) {
    yield { kind: 'file-error', line: null, reason: `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}` };
    return;
  }
  if (opts.onBytes) {
    const onBytes = opts.onBytes;
    input.raw.on('data', () => onBytes(input.raw.bytesRead));
  }
  let lastLine = 0;
  try {
    const { layout, replay } = await peekLayout(input.stream);
    if (layout === 'empty') {
      yield { kind: 'file-error', line: null, reason: 'empty file: no records' };
      return;
    }
    if (layout === 'lines') {
      // A plain file is read again from its start through one reused buffer (the peek read at most 1 MiB).
      let source: AsyncIterable<Uint8Array> = replay;
      if (!input.gzip) {
        input.raw.destroy();
        source = readReusingBuffer(file, opts.onBytes);
      }
      for await (const b of splitLineBlocks(source, opts.maxRecordBytes)) {
        lastLine = b.firstLine + b.lines - 1;
        if (b.tooLong) yield { kind: 'reject', line: b.firstLine, reason: tooLongReason(b.length, opts.maxRecordBytes) };
        else yield { kind: 'block', firstLine: b.firstLine, lines: b.lines, bytes: b.bytes };
      }
    } else {
      for await (const el of splitJsonDocument(replay, opts.maxRecordBytes)) {
        lastLine = el.line;
        if (el.tooLong) {
          yield { kind: 'reject', line: el.line, reason: `record too large: ${el.length} bytes (limit ${opts.maxRecordBytes})` };
          continue;
        }
        yield { kind: 'record', line: el.line, text: el.text };
      }
    }
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const what = input.gzip && (e.code?.startsWith('Z_') || /unexpected end of file|incorrect header|invalid/i.test(e.message))
      ? `truncated or corrupt gzip (${e.code ?? e.message})`
      : `read error (${e.code ?? e.message})`;
    yield { kind: 'file-error', line: lastLine || null, reason: `${what}${lastLine ? ` after line ${lastLine}` : ''}` };
  } finally {
    input.raw.destroy();
  }
}
