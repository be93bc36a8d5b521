import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** A path that could not be read as input, and why (kept so nothing is silently dropped). */
export interface UnreadablePath {
  file: string;
  reason: string;
}

const CAPTURE_FILE = /\.(jsonl|ndjson|json)(\.gz)?$|\.gz$/i;

/**
 * Expands the given paths into capture files: files as given, folders recursively (capture-looking files
 * only, hidden entries skipped, in sorted order so imports are reproducible). Unreadable paths are reported.
 */
export function discoverFiles(paths: readonly string[], cwd: string): { files: string[]; unreadable: UnreadablePath[] } {
  const files: string[] = [];
  const unreadable: UnreadablePath[] = [];
  const walk = (dir: string) => {
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
    }
  };
  for (const p of paths) {
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
