import { closeSync, constants, createReadStream, createWriteStream, mkdtempSync, openSync, rmSync, statSync, type ReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** The name that stands for standard input among the paths to import. */
export const STDIN = '-';

/**
 * True for an input that can only be read once, front to back: `-` (standard input), a named pipe, a
 * `<(…)` / `/dev/stdin` pipe, a character device or socket. Reading a capture file goes back to its start (the
 * layout sniff, gzip detection, positional reads), which such inputs cannot do (ESPIPE).
 */
export function isStreamInput(path: string): boolean {
  if (path === STDIN) return true;
  try {
    return !statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Ends the wait of an open of a named pipe that has no writer: that open blocks a libuv thread, which would also
 * keep the process from exiting (libuv joins its threads at exit). Opening the pipe for writing ourselves, without
 * blocking, lets the waiting open complete; closing it at once gives the reader end-of-file.
 */
function releaseWaitingOpen(path: string): void {
  try {
    closeSync(openSync(path, constants.O_WRONLY | constants.O_NONBLOCK));
  } catch {
    // Not a named pipe, or no open is waiting (ENXIO): nothing to release.
  }
}

/** A stream input copied to a private temporary file, and how to remove it. */
export interface SpooledInput {
  file: string;
  remove: () => void;
}

/**
 * Copies a stream input to a temporary file (mode 0600, in a fresh 0700 folder) so it is imported like any file.
 * Opening a named pipe waits for a writer without blocking this thread, so an abort (Ctrl-C) ends the wait: then
 * the result is null. Read errors reject with the error.
 */
export async function spoolStream(path: string, signal?: AbortSignal): Promise<SpooledInput | null> {
  const dir = mkdtempSync(join(tmpdir(), 'canary-gate-stdin-'));
  const file = join(dir, 'input');
  const remove = () => rmSync(dir, { recursive: true, force: true });
  const source: Readable | ReadStream = path === STDIN ? process.stdin : createReadStream(path);
  try {
    if (signal?.aborted) {
      remove();
      return null;
    }
    const aborted = new Promise<null>((resolve) => signal?.addEventListener('abort', () => resolve(null), { once: true }));
    const copied = pipeline(source, createWriteStream(file, { mode: 0o600 })).then(() => ({ file, remove }));
    const result = await Promise.race([copied, aborted]);
    if (result === null) {
      copied.catch(() => undefined);
      if (source !== process.stdin) {
        releaseWaitingOpen(path);
        source.destroy();
      }
      remove();
    }
    return result;
  } catch (err) {
    remove();
    throw err;
  }
}
