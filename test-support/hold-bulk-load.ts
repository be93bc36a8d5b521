// Test helper, run as its own process (node --import tsx): starts a bulk load on the given workspace database,
// stores two samples, prints "ready" and then waits, holding the load, until it is killed.
import { createHash } from 'node:crypto';
import { openStore } from '../engine/store/index.js';

const file = process.argv[2];
if (!file) throw new Error('usage: hold-bulk-load.ts <database file>');
const store = openStore(file);
const load = store.traffic.beginBulkLoad();
load.insertMany(
  ['held-a', 'held-b'].map((key) => ({
    sourceId: key,
    fingerprint: createHash('sha256').update(key).digest().subarray(0, 16),
    slice: 'billing',
    capturedAt: '2026-01-01T00:00:00Z',
    sampleJson: `{"id":"${key}"}`,
    sourceFile: null,
    sourceLine: null,
  })),
);
process.stdout.write('ready\n');
// Keeps the process (and so its lock) alive until the test kills it.
setInterval(() => undefined, 60_000);
