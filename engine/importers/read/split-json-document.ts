import type { Readable } from 'node:stream';
import { decodeUtf8Strict } from './decode-utf8.js';

/**
 * One element of a whole-file JSON document, as text, with the line it starts on; or one that cannot be read:
 * over the cap (its bytes were dropped), or not valid UTF-8 (as in JSON Lines, rejected rather than stored with
 * replacement characters).
 */
export type DocumentElement =
  | { line: number; text: string; tooLong: false; invalidUtf8?: false }
  | { line: number; text: null; tooLong: true; length: number }
  | { line: number; text: null; tooLong: false; invalidUtf8: true };

/**
 * The top-level members whose array holds the records of a whole-file document: OTLP's `resourceSpans` and the
 * `data` of an API page (Langfuse's `GET /traces`). Any other object is one record, whatever arrays it holds (a
 * Langfuse trace saved alone has `tags`, `observations` and `scores`; its UI download `{observations, scores}`).
 */
export const COLLECTION_KEYS: ReadonlySet<string> = new Set(['resourceSpans', 'data']);

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;
const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0d || c === NEWLINE;

/** Collects bytes spread over several chunks, up to a cap (beyond it, only the length is kept). */
class Capture {
  private parts: Buffer[] = [];
  private bytes = 0;
  overflow = 0;
  constructor(private readonly cap: number) {}
  push(b: Buffer): void {
    if (this.overflow > 0 || this.bytes + b.length > this.cap) {
      this.overflow += this.bytes + b.length;
      this.parts = [];
      this.bytes = 0;
      return;
    }
    this.parts.push(b);
    this.bytes += b.length;
  }
  /** The bytes collected, decoded strictly (text null when they are not valid UTF-8), or the length past the cap. */
  take(): { text: string | null } | { overflow: number } {
    const r = this.overflow > 0 ? { overflow: this.overflow } : { text: decodeUtf8Strict(Buffer.concat(this.parts, this.bytes)) };
    this.parts = [];
    this.bytes = 0;
    this.overflow = 0;
    return r;
  }
  get size(): number {
    return this.bytes + this.overflow;
  }
}

/**
 * Streams the elements of a whole-file JSON document without parsing the whole file: the elements of a
 * top-level array, or of the array of a known collection member of a top-level object (`{"resourceSpans": [...]}`,
 * `{"data": [...]}`; see COLLECTION_KEYS), whichever of its members comes first. Elements of a `resourceSpans` array are re-wrapped as `{"resourceSpans":[element]}` so
 * each is a complete OTLP record. Memory is bounded by the largest element (capped at maxElementBytes);
 * a document without such an array (any other object) is yielded whole, under the same cap. Syntax is checked by the JSON.parse
 * of each element later; this only finds the element boundaries.
 */
export async function* splitJsonDocument(stream: Readable, maxElementBytes: number): AsyncGenerator<DocumentElement> {
  let depth = 0;
  let inString = false;
  let escaped = false;
  let line = 1;
  let root: 'array' | 'object' | null = null;
  let elementDepth = -1; // depth whose values are streamed as elements; -1 none yet, -2 done
  let wrapKey: string | null = null;
  let expectKey = false; // at depth 1 of an object root: the next string is a key
  let lastKey: string | null = null;
  const key = new Capture(4096);
  let inKey = false;
  let keyFrom = 0;
  const element = new Capture(maxElementBytes);
  let capturing = false;
  let capFrom = 0;
  let capLine = 0;
  let sawElements = false;
  const whole = new Capture(maxElementBytes);

  const end = (): DocumentElement => {
    capturing = false;
    sawElements = true;
    const r = element.take();
    if ('overflow' in r) return { line: capLine, text: null, tooLong: true, length: r.overflow };
    if (r.text === null) return { line: capLine, text: null, tooLong: false, invalidUtf8: true };
    const text = r.text.trim();
    return { line: capLine, text: wrapKey ? `{${JSON.stringify(wrapKey)}:[${text}]}` : text, tooLong: false };
  };

  for await (const chunk of stream as AsyncIterable<Buffer>) {
    if (!sawElements) whole.push(Buffer.from(chunk));
    capFrom = 0;
    keyFrom = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (c === NEWLINE) line++;
      if (inString) {
        if (escaped) escaped = false;
        else if (c === BACKSLASH) escaped = true;
        else if (c === QUOTE) {
          inString = false;
          if (inKey) {
            key.push(chunk.subarray(keyFrom, i));
            const k = key.take();
            lastKey = 'text' in k && k.text !== null ? safeParseKey(k.text) : null;
            inKey = false;
          }
        }
        continue;
      }
      if (isSpace(c)) continue;
      const atElementLevel = depth === elementDepth;
      if (atElementLevel && !capturing && c !== 0x2c && c !== 0x5d) {
        capturing = true;
        capFrom = i;
        capLine = line;
      }
      switch (c) {
        case QUOTE:
          inString = true;
          if (root === 'object' && depth === 1 && expectKey) {
            inKey = true;
            keyFrom = i + 1;
          }
          break;
        case 0x7b: // {
        case 0x5b: // [
          if (depth === 0) {
            root = c === 0x5b ? 'array' : 'object';
            if (root === 'array') elementDepth = 1;
            else expectKey = true;
          } else if (root === 'object' && depth === 1 && c === 0x5b && elementDepth === -1 && lastKey !== null && COLLECTION_KEYS.has(lastKey)) {
            elementDepth = 2;
            wrapKey = lastKey === 'resourceSpans' ? 'resourceSpans' : null;
          }
          depth++;
          break;
        case 0x7d: // }
        case 0x5d: // ]
          if (capturing && depth === elementDepth) {
            // A scalar element directly before the closing bracket.
            element.push(chunk.subarray(capFrom, i));
            yield end();
          }
          depth--;
          if (capturing && depth === elementDepth) {
            element.push(chunk.subarray(capFrom, i + 1));
            yield end();
          }
          if (elementDepth > 0 && depth === elementDepth - 1) elementDepth = -2;
          break;
        case 0x2c: // ,
          if (capturing && depth === elementDepth) {
            element.push(chunk.subarray(capFrom, i));
            yield end();
          }
          if (root === 'object' && depth === 1) expectKey = true;
          break;
        case 0x3a: // :
          if (root === 'object' && depth === 1) expectKey = false;
          break;
      }
    }
    if (capturing) element.push(Buffer.from(chunk.subarray(capFrom)));
    if (inKey) key.push(Buffer.from(chunk.subarray(keyFrom)));
  }
  if (capturing) yield end();
  if (!sawElements && whole.size > 0) {
    const r = whole.take();
    if ('overflow' in r) yield { line: 1, text: null, tooLong: true, length: r.overflow };
    else if (r.text === null) {
      if (elementDepth !== -2) yield { line: 1, text: null, tooLong: false, invalidUtf8: true };
    }
    else if (r.text.trim() !== '' && elementDepth !== -2) yield { line: 1, text: r.text, tooLong: false };
  }
}

function safeParseKey(raw: string): string | null {
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return null;
  }
}
