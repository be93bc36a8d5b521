import { chmodSync, renameSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';

/**
 * Writes a file by renaming a finished temp file over it, so a reader never sees half a file. The file gets
 * `mode` exactly (default 0600: what we write derives from customer traffic); folders it creates are 0700.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array, mode = 0o600): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  rmSync(tmp, { force: true }); // a leftover temp file would keep its old mode
  writeFileSync(tmp, data, { mode });
  chmodSync(tmp, mode); // the open mode is filtered through umask
  renameSync(tmp, file);
}
