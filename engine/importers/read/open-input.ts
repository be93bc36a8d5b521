import { closeSync, createReadStream, openSync, readSync, type ReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
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

/**
 * The bytes of a plain file through one reused 1 MiB buffer: each chunk is valid only until the next one is
 * asked for. For consumers that copy at once (splitLineBlocks): a stream's fresh buffer per read would leave
 * the importing thread, which makes little other garbage, holding tens of MB of them between collections.
 */
export async function* readReusingBuffer(file: string, onBytes?: (bytesRead: number) => void): AsyncGenerator<Uint8Array> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.allocUnsafeSlow(1 << 20);
    let position = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) return;
      position += bytesRead;
      onBytes?.(position);
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}
