// Worker thread: gates a large run's slices through its own read-only connection, so the thread that serves the UI
// keeps answering meanwhile (see slice-results.ts for why and when).
import { parentPort, workerData } from 'node:worker_threads';
import { openStoreReadOnly } from '../store/index.js';
import { computeRunSlices, type SliceWorkerInput, type SliceWorkerOutput } from './slice-results.js';

const input = workerData as SliceWorkerInput;
let out: SliceWorkerOutput;
try {
  const store = openStoreReadOnly(input.databaseFile);
  try {
    out = { ok: true, slices: computeRunSlices(store, input.runId, input.policy, input.evaluationPolicy) };
  } finally {
    store.close();
  }
} catch (err) {
  out = { ok: false, message: err instanceof Error ? err.message : String(err) };
}
parentPort!.postMessage(out);
