import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';
import { WAL_SIZE_LIMIT_BYTES } from './open-database.js';

/** What the checkpoint thread is told (plain, cloneable data). */
export interface CheckpointSettings {
  file: string;
  /** Pause between checkpoint rounds. */
  intervalMs: number;
  /** The log is started again from its beginning once it is longer than this... */
  restartAboveBytes: number;
  /** ...and at most this much of it is still to be copied (so the RESTART holds the writer up only briefly)... */
  restartWithinBytes: number;
  /** ...or, whatever is left to copy, once it is longer than this. */
  forceRestartAboveBytes: number;
  /** How long a RESTART waits for the writer and readers before it gives up for the round. */
  busyTimeoutMs: number;
}

export interface CheckpointCounts {
  /** Checkpoint rounds run. */
  rounds: number;
  /** Times the log was started again from its beginning. */
  restarts: number;
  /** Times that could not be done (a reader kept an older snapshot, or the writer held on past the busy timeout). */
  blocked: number;
}

/** Checkpoints taken by another thread while this connection writes; `stop` hands them back to the connection. */
export interface BackgroundCheckpoints {
  /** Settles once the thread has opened its connection (or has failed to). */
  readonly ready: Promise<void>;
  stop(): Promise<CheckpointCounts>;
}

const WORKER_FILE = fileURLToPath(new URL('./checkpoint-worker.js', import.meta.url));

const DEFAULTS: Omit<CheckpointSettings, 'file'> = {
  intervalMs: 25,
  // Restarted at the size the connection cuts the file back to, so the file never needs to grow past it.
  restartAboveBytes: WAL_SIZE_LIMIT_BYTES,
  restartWithinBytes: 4 << 20,
  forceRestartAboveBytes: 256 << 20,
  busyTimeoutMs: 200,
};

/**
 * Moves a long write's WAL checkpoints off the writing thread. A checkpoint copies the pages committed to the log
 * into the database file and syncs it; SQLite takes one on the committing thread whenever the log has grown past
 * `wal_autocheckpoint` pages, so a bulk import spends its time copying every page a second time and waiting for
 * the sync, between inserts. Here a worker thread with its own connection copies them meanwhile, and the writer's
 * automatic checkpoints are off until `stop`. Should the thread fail, the connection's own checkpoints come back
 * at once, so the log never grows unchecked.
 *
 * Returns null where there is nothing to gain or no way to run the thread: an in-memory or non-WAL database, or
 * running from TypeScript sources (worker threads run the compiled file).
 */
export function startBackgroundCheckpoints(db: Database, settings: Partial<Omit<CheckpointSettings, 'file'>> = {}): BackgroundCheckpoints | null {
  if (db.memory || !existsSync(WORKER_FILE) || db.pragma('journal_mode', { simple: true }) !== 'wal') return null;
  const autocheckpoint = db.pragma('wal_autocheckpoint', { simple: true }) as number;
  const restore = () => {
    if (db.open) db.pragma(`wal_autocheckpoint = ${autocheckpoint}`);
  };
  db.pragma('wal_autocheckpoint = 0');
  // A small isolate: it runs a few lines of JavaScript, and its heap counts against the writer's peak RSS.
  const worker = new Worker(WORKER_FILE, {
    workerData: { ...DEFAULTS, ...settings, file: db.name } satisfies CheckpointSettings,
    resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 1 },
  });
  // Never what keeps the process alive: `stop` is awaited by whoever started it, and a checkpoint cut off at exit
  // leaves the database as consistent as one that never started.
  worker.unref();
  let counts: CheckpointCounts = { rounds: 0, restarts: 0, blocked: 0 };
  let started!: () => void;
  const ready = new Promise<void>((resolve) => (started = resolve));
  const ended = new Promise<void>((resolve) => {
    worker.on('message', (msg: { ready?: boolean; error?: string; stopped?: boolean } & Partial<CheckpointCounts>) => {
      if (msg.ready || msg.error !== undefined || msg.stopped) started();
      if (msg.error !== undefined) restore();
      if (msg.stopped) counts = { rounds: msg.rounds ?? 0, restarts: msg.restarts ?? 0, blocked: msg.blocked ?? 0 };
    });
    worker.on('error', restore);
    worker.on('exit', () => {
      started();
      restore();
      resolve();
    });
  });
  let stopping: Promise<CheckpointCounts> | null = null;
  return {
    ready,
    stop() {
      stopping ??= (async () => {
        // Awaited now: the thread's end must keep the process alive until it comes.
        worker.ref();
        worker.postMessage('stop');
        await ended;
        return counts;
      })();
      return stopping;
    },
  };
}
