import type { TrafficSample } from '../../shared/domain/capture.js';
import type { TrafficFilter } from '../../shared/domain/traffic.js';
import type { MethodOutput } from '../../shared/contract/index.js';
import { NotFoundError } from '../errors.js';
import type { Store } from '../store/index.js';
import { NO_SLICE, type TrafficQuery } from '../store/traffic-repository.js';
import { ftsQuery } from './fts-query.js';
import { syncTrafficIndex } from './traffic-index.js';

export type TrafficList = MethodOutput<'traffic.list'>;
export type TrafficDetail = MethodOutput<'traffic.get'>;

/** The filter as the repository takes it: the "(none)" slice is the samples without one, words become an FTS5 query. */
function toQuery(filter: TrafficFilter): TrafficQuery {
  const q: TrafficQuery = {};
  if (filter.slice !== undefined) q.slice = filter.slice === NO_SLICE ? null : filter.slice;
  if (filter.model !== undefined) q.model = filter.model;
  if (filter.redacted) q.redacted = true;
  const match = filter.q === undefined ? null : ftsQuery(filter.q);
  if (match !== null) q.match = match;
  return q;
}

/**
 * A page of the imported traffic matching a filter, in import order, with facet counts (each facet ignores its
 * own filter). With `budgetMs`, the search index catches up for at most about that long first; while it has not
 * caught up, the answer covers the samples indexed so far and says how far it got (`indexing`).
 */
export function listTraffic(store: Store, filter: TrafficFilter, offset: number, limit: number, opts: { budgetMs?: number } = {}): TrafficList {
  const index = syncTrafficIndex(store, opts);
  const answer = store.traffic.browse.query(toQuery(filter), offset, limit);
  return index.indexed < index.samples ? { ...answer, indexing: { indexed: index.indexed, samples: index.samples } } : answer;
}

/** One stored sample (redacted as stored) with where it came from. */
export function getTraffic(store: Store, id: number): TrafficDetail {
  const row = store.traffic.browse.sample(id);
  if (!row) throw new NotFoundError(`no traffic sample ${id}`);
  return {
    id: row.id,
    source_id: row.source_id,
    slice: row.slice,
    captured_at: row.captured_at,
    source_file: row.source_file,
    source_line: row.source_line,
    sample: JSON.parse(row.sample_json) as TrafficSample,
  };
}
