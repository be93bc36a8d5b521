import type { Readable } from 'node:stream';
import { openInput, readReusingBuffer } from './open-input.js';
import { sniffLayout } from './sniff-layout.js';
import { splitJsonDocument } from './split-json-document.js';
import { splitLineBlocks, tooLongReason } from './split-line-blocks.js';

/**
 * What reading a capture file yields: record texts (the elements of a JSON document) or blocks of whole JSON lines
 * as bytes (split and decoded later, maybe on another thread), unusable lines, or a problem with the file itself.
 */
export type RecordEvent =
  | { kind: 'record'; line: number; text: string }
  | { kind: 'block'; firstLine: number; lines: number; bytes: Buffer; longest: number }
  | { kind: 'reject'; line: number; reason: string }
  | { kind: 'file-error'; line: number | null; reason: string };

export interface ReadOptions {
  maxRecordBytes: number;
  /** Where blocks of lines get their buffers (a pool that takes them back once processed). */
  allocBlock?: (size: number) => Buffer;
  /** Called with the compressed bytes read so far, for progress. */
  onBytes?: (bytesRead: number) => void;
}

/** A JSON.parse failure described without echoing the input (V8's messages quote it, and it may hold secrets). */
export function describeJsonError(err: unknown): string {
  const m = /position (\d+)/.exec((err as Error).message);
  return m ? `not JSON (syntax error at character ${Number(m[1]) + 1})` : 'not JSON (unexpected end or invalid syntax)';
}

/**
 * Streams the records of one capture file, plain or gzip, as JSON Lines or as one whole JSON document
 * (whose array elements are the records), never holding more than one record in memory.
 */
export async function* readRecords(file: string, opts: ReadOptions): AsyncGenerator<RecordEvent> {
  let input: ReturnType<typeof openInput>;
  try {
    input = openInput(file);
  } catch (err) {
    yield { kind: 'file-error', line: null, reason: `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}` };
    return;
  }
  const watch = (i: typeof input) => {
    const onBytes = opts.onBytes;
    if (onBytes) i.raw.on('data', () => onBytes(i.raw.bytesRead));
  };
  watch(input);
  let lastLine = 0;
  try {
    const sniffed = await sniffLayout(input.stream);
    const { layout } = sniffed;
    let replay: Readable;
    if (sniffed.replay) replay = sniffed.replay;
    else {
      // The sniff read past what it holds (a first line over 1 MiB): read the file again from its start.
      input.raw.destroy();
      input = openInput(file);
      watch(input);
      replay = input.stream;
    }
    if (layout === 'empty') {
      yield { kind: 'file-error', line: null, reason: 'empty file: no records' };
      return;
    }
    if (layout === 'lines') {
      // A plain file is read again from its start through one reused buffer (the sniff held at most 1 MiB).
      let source: AsyncIterable<Uint8Array> = replay;
      if (!input.gzip) {
        input.raw.destroy();
        source = readReusingBuffer(file, opts.onBytes);
      }
      for await (const b of splitLineBlocks(source, opts.maxRecordBytes, undefined, opts.allocBlock)) {
        lastLine = b.firstLine + b.lines - 1;
        if (b.tooLong) yield { kind: 'reject', line: b.firstLine, reason: tooLongReason(b.length, opts.maxRecordBytes) };
        else yield { kind: 'block', firstLine: b.firstLine, lines: b.lines, bytes: b.bytes, longest: b.longest };
      }
    } else {
      let elements = 0;
      for await (const el of splitJsonDocument(replay, opts.maxRecordBytes)) {
        elements++;
        lastLine = el.line;
        if (el.tooLong) {
          yield { kind: 'reject', line: el.line, reason: `record too large: ${el.length} bytes (limit ${opts.maxRecordBytes})` };
          continue;
        }
        if (el.text === null) {
          yield { kind: 'reject', line: el.line, reason: 'invalid UTF-8' };
          continue;
        }
        yield { kind: 'record', line: el.line, text: el.text };
      }
      // An empty top-level array (or `{"data": []}`): say so rather than end with no records and no reason.
      if (elements === 0) yield { kind: 'file-error', line: null, reason: 'the JSON document holds no records (its record array is empty)' };
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
