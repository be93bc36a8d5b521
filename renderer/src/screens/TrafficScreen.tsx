import { useCallback, useEffect, useRef, useState } from 'react';
import type { TrafficFilter } from '../../../shared/domain/traffic.js';
import { ErrorBox } from '../components/ErrorBox.js';
import { AddToSuiteDialog } from '../components/suites/AddToSuiteDialog.js';
import { TrafficFacets } from '../components/traffic/TrafficFacets.js';
import { TrafficList } from '../components/traffic/TrafficList.js';
import { TrafficSampleView } from '../components/traffic/TrafficSampleView.js';
import { TrafficSearch } from '../components/traffic/TrafficSearch.js';
import type { Route } from '../routing/route.js';
import { hrefOf, navigate } from '../routing/use-route.js';
import { indexOfSample, trafficFilterKey, trafficRowAt, useTrafficStore } from '../stores/traffic-store.js';
import { useWorkbenchStore } from '../stores/workbench-store.js';
import '../styles/traffic.css';

type TrafficRoute = Extract<Route, { screen: 'traffic' }>;

const count = (n: number) => n.toLocaleString('en-US');

/** Words for the active filters, for the count line ("in slice billing, model gpt-4.1, redacted, matching …"). */
function describeFilter(f: TrafficFilter): string {
  const parts: string[] = [];
  if (f.slice) parts.push(`slice ${f.slice}`);
  if (f.model) parts.push(`model ${f.model}`);
  if (f.redacted) parts.push('redacted');
  if (f.q) parts.push(`matching “${f.q}”`);
  return parts.join(', ');
}

/** The imported traffic: slice and model facets, redacted-only, search, a virtualised list and the open sample. */
export function TrafficScreen({ route }: { route: TrafficRoute }) {
  const { filter, sampleId } = route;
  const client = useWorkbenchStore((s) => s.client);
  const changeCount = useWorkbenchStore((s) => s.changeCount);
  const total = useTrafficStore((s) => s.total);
  const facets = useTrafficStore((s) => s.facets);
  const indexing = useTrafficStore((s) => s.indexing);
  const pages = useTrafficStore((s) => s.pages);
  const error = useTrafficStore((s) => s.error);
  const pendingKey = useTrafficStore((s) => s.pendingKey);
  const shownKey = useTrafficStore((s) => s.key);
  const entry = useTrafficStore((s) => (sampleId === undefined ? undefined : s.details[sampleId]));
  const [active, setActive] = useState(0);
  const [adding, setAdding] = useState<number | null>(null);
  const search = useRef<HTMLInputElement>(null);
  const filterKey = trafficFilterKey(filter);

  useEffect(() => {
    void useTrafficStore.getState().show(filter);
    // filterKey stands for filter: the route object is new on every hash change even when nothing changed.
  }, [filterKey, client]);

  // The workspace changed underneath (an import elsewhere): reload what is shown.
  const firstChange = useRef(changeCount);
  useEffect(() => {
    if (changeCount === firstChange.current) return;
    void useTrafficStore.getState().show(filter, { reload: true });
  }, [changeCount]);

  useEffect(() => {
    if (sampleId !== undefined) void useTrafficStore.getState().loadDetail(sampleId);
  }, [sampleId, client]);

  // The cursor follows the open sample, and starts at the top for a new filter.
  useEffect(() => {
    if (sampleId !== undefined) {
      const i = indexOfSample(useTrafficStore.getState(), sampleId);
      if (i >= 0) setActive(i);
    } else setActive(0);
  }, [shownKey, sampleId]);

  const go = useCallback(
    (next: { filter?: TrafficFilter; sampleId?: number | null }, opts: { replace?: boolean } = {}) => {
      const id = next.sampleId === null ? undefined : (next.sampleId ?? sampleId);
      navigate({ screen: 'traffic', filter: next.filter ?? filter, ...(id !== undefined ? { sampleId: id } : {}) }, opts);
    },
    [filter, sampleId],
  );
  const setFilter = useCallback((f: TrafficFilter, replace = false) => go({ filter: f, sampleId: null }, { replace }), [go]);

  const onOpen = useCallback(
    (i: number) => {
      const row = trafficRowAt(useTrafficStore.getState(), i);
      setActive(i);
      if (row) go({ sampleId: row.id }, { replace: sampleId !== undefined });
    },
    [go, sampleId],
  );
  const onActivate = useCallback(
    (i: number) => {
      if (sampleId !== undefined) onOpen(i);
      else setActive(i);
    },
    [onOpen, sampleId],
  );
  const onRange = useCallback((start: number, end: number) => useTrafficStore.getState().ensureRange(start, end), []);
  const getRow = useCallback((i: number) => trafficRowAt({ pages }, i), [pages]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      const typing = target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable);
      if (e.key === '/' && !typing) {
        e.preventDefault();
        search.current?.focus();
      } else if (e.key === 'Escape') {
        if (target === search.current) search.current?.blur();
        else if (sampleId !== undefined) go({ sampleId: null });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go, sampleId]);

  const described = describeFilter(filter);
  const hasFilter = filterKey !== '[]';
  const open = sampleId !== undefined;

  return (
    <main id="main" className={`traffic-screen${open ? ' has-detail' : ''}`} data-testid="traffic-screen">
      <header className="traffic-head">
        <h1>Traffic</h1>
        <span className="traffic-count" data-testid="traffic-count" aria-live="polite">
          {total === null ? 'Loading…' : `${count(total)} sample${total === 1 ? '' : 's'}${described ? ` · ${described}` : ''}`}
        </span>
        {pendingKey !== null && total !== null && <span className="muted small">updating…</span>}
        <div className="traffic-tools">
          <TrafficSearch ref={search} value={filter.q ?? ''} onSearch={(q) => setFilter({ ...filter, q: q || undefined }, true)} />
          {hasFilter && (
            <button type="button" className="button" onClick={() => setFilter({})}>
              Clear filters
            </button>
          )}
        </div>
      </header>
      {indexing && (
        <p className="traffic-indexing" role="status" data-testid="traffic-indexing">
          Indexing the imported samples for search: {count(indexing.indexed)} of {count(indexing.samples)} so far. Counts grow until it is done.
        </p>
      )}
      {error && <ErrorBox title="Could not load the traffic" message={error} onRetry={() => void useTrafficStore.getState().show(filter, { reload: true })} testId="traffic-error" />}
      <div className="traffic-body">
        <aside className="traffic-side">
          <TrafficFacets facets={facets} filter={filter} onChange={(f) => setFilter(f)} />
        </aside>
        <div className="traffic-list-pane">
          {total === 0 ? (
            <div className="empty" data-testid="traffic-empty">
              {hasFilter ? (
                <>
                  <p>No sample matches these filters.</p>
                  <button type="button" className="button" onClick={() => setFilter({})}>
                    Clear the filters
                  </button>
                </>
              ) : (
                <p>
                  No traffic imported yet. <a href={hrefOf({ screen: 'import' })}>Import captured calls</a> or run <code>canary-gate import &lt;files…&gt;</code>.
                </p>
              )}
            </div>
          ) : total === null ? (
            <p className="placeholder">Loading the samples…</p>
          ) : (
            <TrafficList total={total} rowAt={getRow} version={pages} activeIndex={active} openId={sampleId} onActivate={onActivate} onOpen={onOpen} onRange={onRange} />
          )}
        </div>
        {open && (
          <section className="traffic-detail-pane" aria-label="Open sample">
            <div className="traffic-detail-bar">
              <a className="button" href={hrefOf({ screen: 'traffic', filter })} data-testid="traffic-close">
                ← Back to the list
              </a>
              <button type="button" className="button" onClick={() => setAdding(sampleId)} data-testid="traffic-add-to-suite">
                Add to suite…
              </button>
              <span className="hint">Esc closes</span>
            </div>
            {entry?.error && <ErrorBox title="Could not load the sample" message={entry.error} onRetry={() => void useTrafficStore.getState().loadDetail(sampleId, { reload: true })} />}
            {entry?.detail ? (
              <TrafficSampleView detail={entry.detail} />
            ) : (
              !entry?.error && <p className="placeholder">Loading sample #{sampleId}…</p>
            )}
          </section>
        )}
      </div>
      {adding !== null && <AddToSuiteDialog from={{ sampleId: adding }} what={`sample #${adding}`} onClose={() => setAdding(null)} />}
    </main>
  );
}
