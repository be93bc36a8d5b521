// Worker thread: processes record chunks for a large import on another core.
import { parentPort, workerData } from 'node:worker_threads';
import { BufferPool } from './buffer-pool.js';
import { compileSettings, processChunk, type ProcessSettings, type RecordChunk } from './process-records.js';

const processor = compileSettings(workerData as ProcessSettings);

// Row buffers the main thread has written to the database come back here to be filled again (see BufferPool).
const rowBuffers = new BufferPool(8, 64 << 10);
const alloc = (size: number) => rowBuffers.take(size);

parentPort!.on('message', (msg: { id: number; chunk: RecordChunk } | { release: ArrayBuffer[] }) => {
  if ('release' in msg) {
    for (const b of msg.release) rowBuffers.give(b);
    return;
  }
  try {
    const result = processChunk(msg.chunk, processor, alloc);
    // The rows' bytes share one buffer: handed over, not copied. The block of lines goes back to be filled again.
    const packed = result.rows[0]?.json.buffer;
    const spent = 'block' in msg.chunk ? msg.chunk.block.bytes.buffer : undefined;
    const transfer = [packed, spent].filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
    parentPort!.postMessage({ id: msg.id, result, spent: spent instanceof ArrayBuffer ? spent : undefined }, transfer);
  } catch (err) {
    parentPort!.postMessage({ id: msg.id, error: (err as Error).message });
  }
});
