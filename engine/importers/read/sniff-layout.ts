import { Readable } from 'node:stream';

export type Layout = 'lines' | 'document' | 'empty';

/** How much of a file is held to decide its layout (and replayed to the reader afterwards). */
export const PEEK_BYTES = 1 << 20;

/**
 * Top-level keys of the whole-file JSON documents we read whose first line can be the whole file (OTLP
 * `{"resourceSpans": [...]}`, a Langfuse API page `{"data": [...]}`): a JSON Lines record does not start so.
 */
const DOCUMENT_KEYS = new Set(['resourceSpans', 'data']);

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** The first key of a text that starts an object, if it is within the text. */
export function firstObjectKey(text: string): string | null {
  const m = /^\{\s*"((?:[^"\\]|\\.)*)"\s*:/.exec(text);
  if (!m) return null;
  try {
    return JSON.parse(`"${m[1]}"`) as string;
  } catch {
    return null;
  }
}

/**
 * Tells JSON Lines from one whole JSON document by the file's first bytes. `replay` streams the file from its
 * start again; it is null when the sniff had to read past what it holds (the caller opens the file again).
 */
export async function sniffLayout(stream: Readable): Promise<{ layout: Layout; replay: Readable | null }> {
  const iterator = (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let headBytes = 0;
  let done = false;
  let text = '';
  while (headBytes < PEEK_BYTES) {
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
  const replay = () =>
    Readable.from(
      (async function* () {
        yield* head;
        if (!done) for (;;) {
          const next = await iterator.next();
          if (next.done) return;
          yield next.value;
        }
      })(),
    );
  // trimStart also drops a byte order mark.
  const first = text.trimStart();
  if (first === '') return { layout: 'empty', replay: replay() };
  if (first[0] === '[') return { layout: 'document', replay: replay() };
  if (first[0] !== '{') return { layout: 'lines', replay: replay() };
  const newlines = first.split('\n', 3).length - 1;
  const afterLine1 = first.slice(first.indexOf('\n') + 1);
  if (done || (newlines === 2 && afterLine1.trim() !== '')) {
    // JSON Lines if the first line is a JSON value by itself — or, when the first line is broken, if the second
    // one is (a damaged first line must not turn a JSONL file into one big document). A pretty-printed document
    // has neither.
    const [line1 = '', line2 = ''] = first.split('\n', 2).map((l) => l.trim());
    const lines = parses(line1) || (line2.startsWith('{') && parses(line2));
    return { layout: lines ? 'lines' : 'document', replay: replay() };
  }
  if (newlines >= 1 && afterLine1.trim() !== '') {
    // The second line goes on past what is held: a whole first line that parses, or a broken one followed by an
    // object, is JSON Lines; a pretty-printed document's second line is a member (`"key": ...`), not an object.
    const [line1 = '', line2 = ''] = first.split('\n', 2).map((l) => l.trim());
    return { layout: parses(line1) || line2.startsWith('{') ? 'lines' : 'document', replay: replay() };
  }
  // All that is held is (part of) the first line. It is the whole file only when no other line follows: then a
  // document, if it starts as one, else one (long) record. A file with more lines is JSON Lines whatever its
  // first line is (treating it as a document would read the first line's array and drop everything after it).
  const key = firstObjectKey(first);
  head.length = 0;
  const more = await moreLinesFollow(iterator, newlines > 0);
  await iterator.return?.();
  stream.destroy();
  return { layout: !more && key !== null && DOCUMENT_KEYS.has(key) ? 'document' : 'lines', replay: null };
}

/** Reads on (holding nothing) to the first newline, if not past it; true when anything but white space follows it. */
async function moreLinesFollow(iterator: AsyncIterator<Buffer>, pastNewline: boolean): Promise<boolean> {
  let afterNewline = pastNewline;
  for (;;) {
    const next = await iterator.next();
    if (next.done) return false;
    const chunk = next.value;
    let i = 0;
    if (!afterNewline) {
      const nl = chunk.indexOf(0x0a);
      if (nl === -1) continue;
      afterNewline = true;
      i = nl + 1;
    }
    for (; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (c !== 0x20 && c !== 0x09 && c !== 0x0d && c !== 0x0a) return true;
    }
  }
}
