import { InputError } from '../errors.js';
import type { Store } from '../store/index.js';
import type { CaseIndex } from './case-index.js';
import { toFtsQuery } from './fts-query.js';

/** How many recent searches an index keeps (typing refines one query a few times; paging repeats it). */
const SEARCHES_KEPT = 8;

/**
 * The positions of the index's cases whose input or outputs match what the person typed (1 = match). The run's
 * full-text index is built on its first search and rebuilt when the run has changed since.
 */
export function searchCases(store: Store, index: CaseIndex, q: string): Uint8Array {
  const known = index.searches.get(q);
  if (known) return known;
  const query = toFtsQuery(q);
  if (store.caseSearch.indexedVersion(index.runId) !== index.state) store.caseSearch.rebuild(index.runId, index.state);
  let ids: number[];
  try {
    ids = store.caseSearch.search(index.runId, query);
  } catch (err) {
    // toFtsQuery quotes every term, so this is a query FTS5 still refuses (e.g. too deeply nested): say so plainly.
    throw new InputError(`cannot search for "${q}": ${(err as Error).message}`, { field: 'q' });
  }
  const hits = new Uint8Array(index.cases.length);
  for (const id of ids) {
    const i = index.positionOfId.get(id);
    if (i !== undefined) hits[i] = 1;
  }
  if (index.searches.size >= SEARCHES_KEPT) index.searches.delete(index.searches.keys().next().value!);
  index.searches.set(q, hits);
  return hits;
}
