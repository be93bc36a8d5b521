import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError } from '../errors.js';
import { readSuiteSource, suiteProblems, type SuiteSource } from './load-suite.js';

/**
 * Suite files kept parsed (a suite of thousands of cases takes seconds to parse): the Suites screen pages through one
 * or two, `suite list` reads them all, and an edit changes the file's stamp.
 */
const MAX_CACHED = 8;
/** A parsed document takes about ten times its text in memory: past this much text, the oldest files are dropped. */
const MAX_CACHED_TEXT = 32 * 1024 * 1024;
const cache = new Map<string, { stamp: string; source?: SuiteSource; error?: InputError }>();

/** What identifies one version of a file on disk (modification time, size, inode); undefined when it cannot be read. */
export function fileStamp(path: string): string | undefined {
  try {
    const s = statSync(path);
    return `${s.mtimeMs}:${s.size}:${s.ino}`;
  } catch {
    return undefined;
  }
}

/**
 * readSuiteSource through a cache kept while the file's stamp stays the same; a file that does not validate keeps
 * its error the same way. The one reader behind `suite list`, the Suites screen and its lint.
 */
export function cachedSuiteSource(file: string): SuiteSource {
  const path = resolve(file);
  const stamp = fileStamp(path);
  if (stamp === undefined) return readSuiteSource(path);
  const known = cache.get(path);
  if (known?.stamp === stamp) {
    if (known.error) throw known.error;
    return known.source!;
  }
  let entry: { stamp: string; source?: SuiteSource; error?: InputError };
  try {
    entry = { stamp, source: readSuiteSource(path) };
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    entry = { stamp, error: err };
  }
  remember(path, entry);
  if (entry.error) throw entry.error;
  return entry.source!;
}

/**
 * Keeps a suite file just written (its text validated on the way out) as the cached read of that file, so the
 * screen's read after an edit does not parse the file again. A file with a duplicate id or an expectation that
 * cannot be scored is left for cachedSuiteSource, which reads it to its error.
 */
export function rememberSuiteSource(source: SuiteSource): void {
  const path = resolve(source.file);
  const stamp = fileStamp(path);
  // The size on disk must be the text's: otherwise the file changed again since it was written.
  if (stamp === undefined || stamp.split(':')[1] !== String(Buffer.byteLength(source.text)) || suiteProblems(source).length > 0) return;
  remember(path, { stamp, source: { ...source, file: path } });
}

function remember(path: string, entry: { stamp: string; source?: SuiteSource; error?: InputError }): void {
  cache.delete(path);
  cache.set(path, entry);
  let text = 0;
  for (const e of cache.values()) text += e.source?.text.length ?? 0;
  for (const [key, e] of cache) {
    if (cache.size <= 1 || (cache.size <= MAX_CACHED && text <= MAX_CACHED_TEXT)) break;
    cache.delete(key);
    text -= e.source?.text.length ?? 0;
  }
}
