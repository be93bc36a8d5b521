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
  const index = buildCaseIndex(store, runId, state);
  touch(runs, runId, { counter, index });
  warmUp(store, index);
  while (runs.size > RUNS_KEPT) runs.delete(runs.keys().next().value!);
  return index;
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
