// Worker thread: processes record chunks for a large import on another core.
import { parentPort, workerData } from 'node:worker_threads';
import { compileSettings, processChunk, type ProcessSettings, type RecordChunk } from './process-records.js';

const processor = compileSettings(workerData as ProcessSettings);

// Row buffers the main thread has written to the database come back here to be filled again: without this, the
// main thread (which makes little garbage of its own) would hold tens of MB of them until its next collection.
const free: ArrayBuffer[] = [];
const MAX_FREE = 16;
// Rounded up, so a returned buffer fits the next chunk's rows more often than not.
const GRAIN = 64 << 10;
const alloc = (size: number): Buffer => {
  const i = free.findIndex((b) => b.byteLength >= size);
  if (i !== -1) return Buffer.from(free.splice(i, 1)[0]!);
  return Buffer.allocUnsafeSlow(Math.ceil(Math.max(size, 1) / GRAIN) * GRAIN);
};

parentPort!.on('message', (msg: { id: number; chunk: RecordChunk } | { release: ArrayBuffer[] }) => {
  if ('release' in msg) {
    for (const b of msg.release) if (free.length < MAX_FREE) free.push(b);
    return;
  }
  try {
    const result = processChunk(msg.chunk, processor, alloc);
    // The rows' bytes share one buffer: handed over, not copied.
    const packed = result.rows[0]?.json.buffer;
    parentPort!.postMessage({ id: msg.id, result }, packed instanceof ArrayBuffer ? [packed] : []);
  } catch (err) {
    parentPort!.postMessage({ id: msg.id, error: (err as Error).message });
  }
});
