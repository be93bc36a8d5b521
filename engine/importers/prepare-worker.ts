// Worker thread: processes record chunks for a large import on another core.
import { parentPort, workerData } from 'node:worker_threads';
import { compileSettings, processChunk, type ProcessSettings, type RecordChunk } from './process-records.js';

const processor = compileSettings(workerData as ProcessSettings);
parentPort!.on('message', (msg: { id: number; chunk: RecordChunk }) => {
  try {
    parentPort!.postMessage({ id: msg.id, result: processChunk(msg.chunk, processor) });
  } catch (err) {
    parentPort!.postMessage({ id: msg.id, error: (err as Error).message });
  }
});
