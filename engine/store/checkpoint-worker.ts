// Worker thread: checkpoints a WAL database through its own connection while another thread writes to it (see
// background-checkpoints.ts for why and when).
import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import type { CheckpointSettings } from './background-checkpoints.js';

const settings = workerData as CheckpointSettings;
const db = new BetterSqlite3(settings.file, { fileMustExist: true });
// A RESTART checkpoint waits this long for the writer's transaction (and readers) to end, then gives up for this
// round: the writer waits for it in turn, so it must not hold on long.
db.pragma(`busy_timeout = ${settings.busyTimeoutMs}`);
const pageSize = db.pragma('page_size', { simple: true }) as number;
// A checkpoint copies pages from the log to the database file without caching them: a small cache is enough.
db.pragma('cache_size = -256');

interface CheckpointRow {
  busy: number;
  log: number;
  checkpointed: number;
}

const checkpoint = (mode: 'PASSIVE' | 'RESTART') => (db.pragma(`wal_checkpoint(${mode})`) as CheckpointRow[])[0]!;

let timer: NodeJS.Timeout | null = null;
let rounds = 0;
let restarts = 0;
let blocked = 0;
// After a RESTART that could not finish (a reader kept an older snapshot), the next waits until the log has grown
// by as much again: each attempt holds the writer up for the busy timeout.
let restartAboveBytes = settings.restartAboveBytes;

/**
 * Copies what the writer has committed into the database file without waiting for anyone (PASSIVE). Once the log
 * is long and nearly all of it is copied, a RESTART copies the rest and lets the writer start the log again from
 * its beginning; a log that has grown far past that restarts whatever is left to copy, as SQLite's own
 * checkpoints would.
 */
function round(): void {
  rounds++;
  const passive = checkpoint('PASSIVE');
  const logBytes = passive.log * pageSize;
  const behindBytes = (passive.log - passive.checkpointed) * pageSize;
  if (logBytes <= restartAboveBytes || (behindBytes > settings.restartWithinBytes && logBytes <= settings.forceRestartAboveBytes)) return;
  if (checkpoint('RESTART').busy === 0) {
    restarts++;
    restartAboveBytes = settings.restartAboveBytes;
  } else {
    blocked++;
    restartAboveBytes = logBytes + settings.restartAboveBytes;
  }
}

function loop(): void {
  try {
    round();
  } catch (err) {
    // The main thread takes its own checkpoints again when this thread ends.
    parentPort!.postMessage({ error: (err as Error).message });
    db.close();
    parentPort!.close();
    return;
  }
  timer = setTimeout(loop, settings.intervalMs);
}

parentPort!.on('message', (msg: 'stop') => {
  if (msg !== 'stop') return;
  if (timer) clearTimeout(timer);
  // What was committed last is copied too, so the writer's next checkpoint finds little left. Only a head start:
  // should it fail, the writer's own checkpoints, back from now on, copy it all.
  try {
    checkpoint('PASSIVE');
  } catch {
    // (see above)
  }
  db.close();
  parentPort!.postMessage({ stopped: true, rounds, restarts, blocked });
  parentPort!.close();
});

parentPort!.postMessage({ ready: true });
loop();
