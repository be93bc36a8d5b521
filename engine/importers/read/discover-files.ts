import { readdirSync, realpathSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** A path that could not be read as input, and why (kept so nothing is silently dropped). */
export interface UnreadablePath {
  file: string;
  reason: string;
}

const CAPTURE_FILE = /\.(jsonl|ndjson|json)(\.gz)?$|\.gz$/i;

/**
 * Expands the given paths into capture files: files as given (`-` is standard input, kept as is), folders
 * recursively (capture-looking files only, hidden entries skipped, in sorted order so imports are reproducible).
 * Symbolic links inside folders are followed — a folder already being read (a link loop) or already read is not
 * read twice, and is reported, like a broken link. Unreadable paths are reported.
 */
export function discoverFiles(paths: readonly string[], cwd: string): { files: string[]; unreadable: UnreadablePath[] } {
  const files: string[] = [];
  const unreadable: UnreadablePath[] = [];
  // Real paths of the folders read so far: a link back to one of them is a loop (or the same folder twice).
  const seenDirs = new Set<string>();
  const walk = (dir: string) => {
    let real: string;
    try {
      real = realpathSync(dir);
    } catch {
      real = dir;
    }
    if (seenDirs.has(real)) {
      unreadable.push({ file: dir, reason: `symbolic link to a folder already read (${real}): not read again` });
      return;
    }
    seenDirs.add(real);
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      unreadable.push({ file: dir, reason: `cannot read directory: ${(err as NodeJS.ErrnoException).code ?? String(err)}` });
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (e.name.startsWith('.')) continue;
      const full = join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.isFile() && CAPTURE_FILE.test(e.name)) files.push(full);
      else if (e.isSymbolicLink()) {
        let target;
        try {
          target = statSync(full);
        } catch (err) {
          unreadable.push({ file: full, reason: `broken symbolic link (${(err as NodeJS.ErrnoException).code ?? String(err)})` });
          continue;
        }
        if (target.isDirectory()) walk(full);
        else if (target.isFile() && CAPTURE_FILE.test(e.name)) files.push(full);
      }
    }
  };
  for (const p of paths) {
    if (p === '-') {
      files.push(p);
      continue;
    }
    const full = resolve(cwd, p);
    let st;
    try {
      st = statSync(full);
    } catch (err) {
      unreadable.push({ file: full, reason: `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}` });
      continue;
    }
    if (st.isDirectory()) walk(full);
    else files.push(full);
  }
  return { files, unreadable };
}
