import { closeSync, createReadStream, openSync, readSync, type ReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** True when the file starts with the gzip magic bytes (whatever its name says). */
export function isGzipFile(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(2);
    return readSync(fd, head, 0, 2, 0) === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}

/** A byte stream of the file's content, gunzipped when it is gzip; `bytesRead` counts compressed input bytes. */
export function openInput(file: string): { stream: Readable; raw: ReadStream; gzip: boolean } {
  const raw = createReadStream(file, { highWaterMark: 1 << 20 });
  const gzip = isGzipFile(file);
  return { stream: gzip ? raw.pipe(createGunzip()) : raw, raw, gzip };
}
