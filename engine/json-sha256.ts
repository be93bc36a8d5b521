import { hash } from 'node:crypto';
import { writeCanonicalJson, type CanonicalJsonSink } from '../shared/canonical-json.js';
import { RecentStrings } from '../shared/recent-strings.js';

/** Strings at least this long are hashed from their remembered JSON bytes when they come again. */
const LONG_STRING = 256;

/** The JSON text of recent long strings, UTF-8 encoded: per thread, bounded (~1.5 MB at most). */
const encodedLongStrings = new RecentStrings<Buffer>(512, 1 << 19);

/**
 * The key's bytes are gathered here when a long string is among them, then hashed in one call: a crypto Hash
 * object with an update per piece costs more than the whole hash (~3 µs against ~1.5 µs, measured).
 */
const SCRATCH_BYTES = 64 << 10;
let scratch = Buffer.allocUnsafeSlow(SCRATCH_BYTES);

/**
 * Text not yet written, and how many bytes of `scratch` are written (null until a long string came). As the sink
 * of the shared canonical walk, it takes long strings from their remembered bytes.
 */
class Writer implements CanonicalJsonSink {
  at: number | null = null;

  constructor(public text = '') {}

  string(s: string): void {
    if (s.length < LONG_STRING) this.text += JSON.stringify(s);
    else writeLong(this, s);
  }
}

/**
 * The sha256 of `JSON.stringify(value)` — the very same bytes — for arrays of strings, numbers, booleans and
 * null (a fingerprint key). It runs on every imported sample, and most of a sample's request is long strings
 * that recur from sample to sample (system prompts, tool definitions): escaping them and encoding them to UTF-8
 * was over half of an import's fingerprint cost. Here a recurring long string's JSON bytes are remembered and
 * copied in as they are, between the rest of the text.
 */
export function sha256OfJson(value: unknown): Buffer {
  const w = new Writer();
  write(w, value);
  return digestOf(w);
}

/**
 * The sha256 of `prefix + canonicalJson(value)` — the very same bytes (shared/canonical-json: sorted keys, no
 * whitespace; it throws where canonicalJson throws). A replay keys every call's response by the canonical JSON of
 * its request and the simulated endpoint seeds every answer by it, and those requests too are mostly long strings
 * that recur from call to call (system prompts, tool definitions, documents).
 */
export function sha256OfCanonicalJson(value: unknown, prefix = ''): Buffer {
  const w = new Writer(prefix);
  writeCanonicalJson(value, w);
  return digestOf(w);
}

/**
 * `canonicalJson(value)` as UTF-8 bytes (the same walk: long recurring strings are copied from their remembered
 * bytes). A replay hashes these bytes into its cache key and sends them as the request body, so one walk serves
 * both, and no JSON text of the request is built on the heap.
 */
export function canonicalJsonBytes(value: unknown): Buffer {
  const w = new Writer();
  writeCanonicalJson(value, w);
  if (w.at === null) return Buffer.from(w.text);
  flushText(w);
  const bytes = Buffer.from(scratch.subarray(0, w.at));
  releaseGrownScratch();
  return bytes;
}

/** The sha256 of the pieces' bytes one after another (texts as UTF-8), hashed in one call. */
export function sha256OfPieces(pieces: readonly (string | Uint8Array)[]): Buffer {
  let at = 0;
  for (const piece of pieces) {
    if (typeof piece === 'string') {
      reserve(at, piece.length * 3);
      at += scratch.write(piece, at);
    } else {
      reserve(at, piece.length);
      scratch.set(piece, at);
      at += piece.length;
    }
  }
  const digest = hash('sha256', scratch.subarray(0, at), 'buffer');
  releaseGrownScratch();
  return digest;
}

function digestOf(w: Writer): Buffer {
  if (w.at === null) return hash('sha256', w.text, 'buffer');
  flushText(w);
  const digest = hash('sha256', scratch.subarray(0, w.at), 'buffer');
  releaseGrownScratch();
  return digest;
}

function write(w: Writer, v: unknown): void {
  if (typeof v === 'string') {
    w.string(v);
  } else if (Array.isArray(v)) {
    w.text += '[';
    for (let i = 0; i < v.length; i++) {
      if (i > 0) w.text += ',';
      write(w, v[i]);
    }
    w.text += ']';
  } else if (v === null) {
    // Most of a key's elements: calling JSON.stringify for each cost more than the rest of the walk.
    w.text += 'null';
  } else if (typeof v === 'number') {
    w.text += Number.isFinite(v) ? String(v) : 'null';
  } else {
    // Booleans and anything else exactly as JSON.stringify writes them inside an array.
    w.text += JSON.stringify(v) ?? 'null';
  }
}

function writeLong(w: Writer, s: string): void {
  let bytes = encodedLongStrings.get(s);
  if (bytes === undefined) {
    bytes = Buffer.from(JSON.stringify(s));
    encodedLongStrings.set(s, bytes);
  }
  // JSON.stringify escapes lone surrogates, so every piece is whole UTF-8 and the pieces' bytes are the text's.
  flushText(w);
  reserve(w.at!, bytes.length);
  w.at! += bytes.copy(scratch, w.at!);
}

function flushText(w: Writer): void {
  w.at ??= 0;
  if (w.text.length === 0) return;
  // At most three bytes per UTF-16 unit.
  reserve(w.at, w.text.length * 3);
  w.at += scratch.write(w.text, w.at);
  w.text = '';
}

/** A huge record grew the scratch buffer: it is not kept for the rest of the thread's life. */
function releaseGrownScratch(): void {
  if (scratch.length > SCRATCH_BYTES * 16) scratch = Buffer.allocUnsafeSlow(SCRATCH_BYTES);
}

function reserve(at: number, more: number): void {
  if (at + more <= scratch.length) return;
  const grown = Buffer.allocUnsafeSlow(Math.max(scratch.length * 2, at + more));
  scratch.copy(grown, 0, 0, at);
  scratch = grown;
}
