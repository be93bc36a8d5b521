import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { InfraError } from '../errors.js';
import type { Store } from '../store/index.js';
import { unknownRunError } from '../runs/unknown-run.js';
import { caseSortSchema } from '../../shared/domain/case-review.js';
import { buildCaseIndex, viewOf, type CaseIndex } from './case-index.js';
import { sortOrder } from './case-sort.js';

/** How many runs' indexes one store keeps: the run on screen and the one before it, with room to spare. */
const RUNS_KEPT = 3;

interface Entry {
  /** The database's change counter when the entry was last found current. */
  counter: string;
  index: CaseIndex;
}

const caches = new WeakMap<Store, Map<string, Entry>>();

/**
 * The case index of a run, built once and kept while the run's data stays the same: a call first compares the
 * database's change counter (free), and only when something was written compares the run's state (a few indexed
 * reads), rebuilding when that moved. Unknown run → NotFoundError naming the runs there are.
 */
export function caseIndexFor(store: Store, runId: string): CaseIndex {
  let runs = caches.get(store);
  if (!runs) caches.set(store, (runs = new Map()));
  const counter = store.caseReview.changeCounter();
  const entry = runs.get(runId);
  if (entry && entry.counter === counter) return touch(runs, runId, entry).index;
  if (!store.runs.get(runId)) {
    runs.delete(runId);
    throw unknownRunError(store, runId);
  }
  const state = store.caseReview.runState(runId);
  if (entry && entry.index.state === state) return touch(runs, runId, { counter, index: entry.index }).index;
  indexBuilds.inline++;
  return install(store, runs, runId, counter, buildCaseIndex(store, runId, state));
}

/** How many indexes this process built, and where (for tests and diagnostics). */
export const indexBuilds = { inline: 0, offThread: 0 };

/** Keeps a freshly built index as the run's current one and starts computing its views in the background. */
function install(store: Store, runs: Map<string, Entry>, runId: string, counter: string, index: CaseIndex): CaseIndex {
  touch(runs, runId, { counter, index });
  warmUp(store, index);
  while (runs.size > RUNS_KEPT) runs.delete(runs.keys().next().value!);
  return index;
}

/** What the index thread is given (plain, cloneable data). */
export interface CaseIndexWorkerInput {
  databaseFile: string;
  runId: string;
  state: string;
}

/** What it answers: the index (plain objects, Maps and arrays survive the copy between threads). */
export type CaseIndexWorkerOutput = { ok: true; index: CaseIndex } | { ok: false; message: string };

const WORKER_FILE = fileURLToPath(new URL('./case-index-worker.js', import.meta.url));

/** From this many active cases on, the index is built on a worker thread: below it the build takes well under 0.5 s. */
export const OFF_THREAD_CASES = 10_000;

/** Builds in flight, per store and run state: a second caller waits for the same build. */
const building = new WeakMap<Store, Map<string, Promise<void>>>();

/**
 * Makes sure the run's case index is current before a view reads it (caseIndexFor then answers at once). On 100,000
 * cases the build takes seconds, and `serve` (or the desktop engine process) answers every other call from this
 * thread meanwhile — the overview, replay progress — so a large run's index is built on a worker thread from its own
 * read-only connection and only copied in here. Small runs, in-memory databases and runs from TypeScript sources
 * (worker threads run the compiled file) are left to caseIndexFor, which builds inline.
 */
export async function caseIndexReady(store: Store, databaseFile: string, runId: string): Promise<void> {
  let runs = caches.get(store);
  if (!runs) caches.set(store, (runs = new Map()));
  const entry = runs.get(runId);
  if (entry && entry.counter === store.caseReview.changeCounter()) return;
  const run = store.runs.get(runId);
  if (!run) throw unknownRunError(store, runId);
  const state = store.caseReview.runState(runId);
  if (entry && entry.index.state === state) return;
  if (store.db.memory || !existsSync(WORKER_FILE) || store.suites.activeCaseCount(run.suiteId) < OFF_THREAD_CASES) return;

  let perStore = building.get(store);
  if (!perStore) building.set(store, (perStore = new Map()));
  const key = `${runId}\u0000${state}`;
  const pending = perStore.get(key);
  if (pending) return pending;
  const done = buildOffThread({ databaseFile, runId, state })
    .then((index) => {
      // The thread read a snapshot at least as new as `state`: keep it only if the run is still in that state
      // (otherwise caseIndexFor builds the newer one).
      if (!store.db.open || store.caseReview.runState(runId) !== state) return;
      indexBuilds.offThread++;
      install(store, runs, runId, store.caseReview.changeCounter(), index);
    })
    .finally(() => perStore.delete(key));
  perStore.set(key, done);
  return done;
}

function buildOffThread(input: CaseIndexWorkerInput): Promise<CaseIndex> {
  return new Promise((resolvePromise, reject) => {
    const worker = new Worker(WORKER_FILE, { workerData: input });
    let answered = false;
    const fail = (message: string) => reject(new InfraError(`could not index the cases of run ${input.runId}: ${message}`));
    worker.once('message', (out: CaseIndexWorkerOutput) => {
      answered = true;
      if (out.ok) resolvePromise(out.index);
      else fail(out.message);
    });
    worker.once('error', (err) => {
      answered = true;
      fail(err.message);
    });
    worker.once('exit', (code) => {
      if (!answered) fail(`the worker thread exited with code ${code}`);
    });
  });
}

/** Moves the entry to the newest end (the Map's order is the eviction order). */
function touch(runs: Map<string, Entry>, runId: string, entry: Entry): Entry {
  runs.delete(runId);
  runs.set(runId, entry);
  return entry;
}

/**
 * Computes, one step per turn of the event loop, what the first click on a gate or a sort would otherwise wait for
 * (each step is up to ~0.2 s on 100,000 cases): the view of every gate of the evaluation and every sort order. A
 * request that needs one first computes it itself. It stops once the store is closed, so a one-shot CLI command
 * waits for one step at most.
 */
function warmUp(store: Store, index: CaseIndex): void {
  const gates = ['', ...(index.evaluation?.gates.map((g) => g.name) ?? [])];
  const steps: (() => void)[] = [
    ...gates.map((g) => () => void viewOf(index, g)),
    ...caseSortSchema.options.map((sort) => () => void sortOrder(index, sort, viewOf(index, '')!, '')),
    ...gates.slice(1).map((g) => () => void sortOrder(index, 'regressions_first', viewOf(index, g)!, g)),
  ];
  const next = () => {
    const step = steps.shift();
    if (!step || !store.db.open) return;
    step();
    setImmediate(next);
  };
  setImmediate(next);
}
