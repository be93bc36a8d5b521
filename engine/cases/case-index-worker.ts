// Worker thread: builds a large run's case index through its own read-only connection, so the thread that serves
// the UI keeps answering meanwhile (see case-index-cache.ts, caseIndexReady).
import { parentPort, workerData } from 'node:worker_threads';
import { openStoreReadOnly } from '../store/index.js';
import { buildCaseIndex } from './case-index.js';
import type { CaseIndexWorkerInput, CaseIndexWorkerOutput } from './case-index-cache.js';

const input = workerData as CaseIndexWorkerInput;
let out: CaseIndexWorkerOutput;
try {
  const store = openStoreReadOnly(input.databaseFile);
  try {
    out = { ok: true, index: buildCaseIndex(store, input.runId, input.state) };
  } finally {
    store.close();
  }
} catch (err) {
  out = { ok: false, message: err instanceof Error ? err.message : String(err) };
}
parentPort!.postMessage(out);
