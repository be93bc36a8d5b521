// Worker thread: processes record chunks for a large import on another core.
import { parentPort, workerData } from 'node:worker_threads';
import { compileSettings, processChunk, type ProcessSettings, type RecordChunk } from './process-records.js';

const processor = compileSettings(workerData as ProcessSettings);
parentPort!.on('message', (msg: { id: number; chunk: RecordChunk }) => {
  try {
    const result = processChunk(msg.chunk, processor);
    // The rows' bytes share one buffer: handed over, not copied.
    const packed = result.rows[0]?.json.buffer;
    parentPort!.postMessage({ id: msg.id, result }, packed instanceof ArrayBuffer ? [packed] : []);
  } catch (err) {
    parentPort!.postMessage({ id: msg.id, error: (err as Error).message });
  }
});
