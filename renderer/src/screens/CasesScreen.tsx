import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { CaseFilter, CaseSort } from '../../../shared/domain/case-review.js';
import { caseSortSchema } from '../../../shared/domain/case-review.js';
import { CaseDetailView } from '../components/cases/CaseDetailView.js';
import { CaseList } from '../components/cases/CaseList.js';
import { formatCount, SORT_LABELS } from '../components/cases/case-format.js';
import { FacetPanel } from '../components/cases/FacetPanel.js';
import { FilterChips } from '../components/cases/FilterChips.js';
import { KeysDialog, type KeyHelp } from '../components/cases/KeysDialog.js';
import { ModalDialog } from '../components/cases/ModalDialog.js';
import { NoteDialog } from '../components/cases/NoteDialog.js';
import { SearchBox } from '../components/cases/SearchBox.js';
import { useKeys } from '../components/cases/use-keys.js';
import { useMediaQuery } from '../components/cases/use-media-query.js';
import { ErrorBox } from '../components/ErrorBox.js';
import { parseRoute, type Route } from '../routing/route.js';
import { hrefOf, navigate } from '../routing/use-route.js';
import { indexOfCase, rowAt, useCasesStore } from '../stores/cases-store.js';
import { useReviewStore } from '../stores/review-store.js';
import { useWorkbenchStore } from '../stores/workbench-store.js';
import '../styles/cases.css';

type CasesRoute = Extract<Route, { screen: 'cases' }>;

/** The keys of the case list and the side-by-side view, as the ? dialog lists them. */
export const CASE_KEYS: KeyHelp[] = [
  { keys: ['j', '↓'], does: 'Next case' },
  { keys: ['k', '↑'], does: 'Previous case' },
  { keys: ['Enter'], does: 'Open the case side by side' },
  { keys: ['f'], does: 'Regressions only (again: all changes)' },
  { keys: ['/'], does: 'Search the input and both answers' },
  { keys: ['n'], does: 'Note on the open case (kept with your blind vote)' },
  { keys: ['?'], does: 'These keys' },
  { keys: ['Esc'], does: 'Close the dialog, the search or the case' },
];

/** The case list's route in the address bar right now (undefined when the app is elsewhere or on another run). */
function currentCasesRoute(runId: string): { filter: CaseFilter; sort: CaseSort; caseId: string | undefined } | undefined {
  const r = parseRoute(window.location.hash);
  return r.screen === 'cases' && r.runId === runId ? { filter: r.filter, sort: r.sort, caseId: r.caseId } : undefined;
}

/** A run's cases: facets, search and sort kept in the URL, a virtualised list, the open case side by side. */
export function CasesScreen({ route }: { route: CasesRoute }) {
  const { runId, filter, sort, caseId } = route;
  const changeCount = useWorkbenchStore((s) => s.changeCount);
  const client = useWorkbenchStore((s) => s.client);
  const store = useCasesStore;
  const total = useCasesStore((s) => s.total);
  const runCases = useCasesStore((s) => s.runCases);
  const facets = useCasesStore((s) => s.facets);
  const pages = useCasesStore((s) => s.pages);
  const error = useCasesStore((s) => s.error);
  const errorCode = useCasesStore((s) => s.errorCode);
  const changeMetric = useCasesStore((s) => s.changeMetric);
  const pendingKey = useCasesStore((s) => s.pendingKey);
  const shownKey = useCasesStore((s) => s.key);
  const answeredAt = useCasesStore((s) => s.answeredAt);
  const run = useCasesStore((s) => s.run);
  const detailEntry = useCasesStore((s) => (caseId ? s.details[caseId] : undefined));
  const [active, setActive] = useState(-1);
  const [dialog, setDialog] = useState<'keys' | 'note' | null>(null);
  const [pendingOpen, setPendingOpen] = useState<number | null>(null);
  const [renderMs, setRenderMs] = useState<number | null>(null);
  const search = useRef<HTMLInputElement>(null);
  // Matches the stylesheet's breakpoint: below it the open case covers the list, which then leaves the tab order.
  const narrow = useMediaQuery('(max-width: 1279px)');
  const covered = narrow && caseId !== undefined;

  // Focus goes where the reader is: into the case when it covers the list, back to the list when it closes.
  const detailPane = useRef<HTMLDivElement>(null);
  const listPane = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (covered) detailPane.current?.focus();
  }, [covered]);
  const hadCase = useRef(caseId !== undefined);
  useEffect(() => {
    if (hadCase.current && caseId === undefined) listPane.current?.querySelector<HTMLElement>('[role="listbox"]')?.focus();
    hadCase.current = caseId !== undefined;
  }, [caseId]);

  const query = useMemo(() => ({ runId, filter, sort }), [runId, filter, sort]);
  const filterKey = JSON.stringify(filter);

  useEffect(() => {
    void store.getState().show(query);
    void store.getState().loadRun(runId);
    // filterKey stands for filter: the route object is new on every hash change even when nothing changed.
  }, [runId, filterKey, sort, store, client]);

  const firstChange = useRef(changeCount);
  useEffect(() => {
    if (changeCount === firstChange.current) return;
    void store.getState().show(query, { reload: true });
    if (caseId) void store.getState().loadDetail(runId, caseId, { reload: true });
  }, [changeCount]);

  useEffect(() => {
    if (caseId) void store.getState().loadDetail(runId, caseId);
  }, [runId, caseId, store, client]);

  // The cursor follows the open case (a link, Back, a reload), and starts again at the top for a new filter.
  useEffect(() => {
    if (caseId) {
      const i = indexOfCase(store.getState(), caseId);
      if (i >= 0) setActive(i);
    } else setActive((a) => (a < 0 ? 0 : a));
  }, [caseId, shownKey, store]);
  const lastKey = useRef(shownKey);
  useEffect(() => {
    if (shownKey !== lastKey.current) {
      lastKey.current = shownKey;
      const i = caseId ? indexOfCase(store.getState(), caseId) : -1;
      setActive(i >= 0 ? i : 0);
    }
  }, [shownKey, caseId, store]);

  // How long the rows of a new answer took to reach the screen (the quality bar: ≤ 150 ms after the answer).
  useEffect(() => {
    if (!answeredAt) return;
    const frame = requestAnimationFrame(() => setRenderMs(performance.now() - answeredAt));
    return () => cancelAnimationFrame(frame);
  }, [answeredAt]);

  const go = useCallback(
    (next: { filter?: CaseFilter; sort?: CaseSort; caseId?: string | null }, opts: { replace?: boolean } = {}) => {
      // The place as it is now, not as it was when this callback was made: a search that lands after a click (its
      // debounce) must not close the case the click just opened.
      const now = currentCasesRoute(runId) ?? { filter, sort, caseId };
      const nextCase = next.caseId === null ? undefined : (next.caseId ?? now.caseId);
      navigate({ screen: 'cases', runId, filter: next.filter ?? now.filter, sort: next.sort ?? now.sort, ...(nextCase ? { caseId: nextCase } : {}) }, opts);
    },
    [runId, filter, sort, caseId],
  );

  // The open case stays open while the filter changes beside it; the list follows the filter.
  const setFilter = useCallback((f: CaseFilter, replace = false) => go({ filter: f }, { replace }), [go]);

  const openIndex = useCallback(
    (i: number, replace: boolean) => {
      const row = rowAt(store.getState(), i);
      setActive(i);
      if (row) go({ caseId: row.case_id }, { replace });
      else {
        setPendingOpen(i);
        store.getState().ensureRange(i, i);
      }
    },
    [go, store],
  );

  useEffect(() => {
    if (pendingOpen === null) return;
    const row = rowAt({ pages }, pendingOpen);
    if (row) {
      setPendingOpen(null);
      go({ caseId: row.case_id }, { replace: caseId !== undefined });
    }
  }, [pages, pendingOpen, go, caseId]);

  const count = total ?? 0;
  const step = useCallback(
    (delta: 1 | -1) => {
      if (count === 0) return;
      const next = Math.min(count - 1, Math.max(0, active + delta));
      if (caseId) openIndex(next, true);
      else setActive(next);
    },
    [active, count, caseId, openIndex],
  );

  const onActivate = useCallback(
    (i: number) => {
      if (caseId) openIndex(i, true);
      else setActive(i);
    },
    [caseId, openIndex],
  );
  const onOpen = useCallback((i: number) => openIndex(i, caseId !== undefined), [openIndex, caseId]);
  const onRange = useCallback((start: number, end: number) => store.getState().ensureRange(start, end), [store]);
  const getRow = useCallback((i: number) => rowAt({ pages }, i), [pages]);

  useKeys(
    {
      j: () => step(1),
      k: () => step(-1),
      f: () => setFilter(filter.change === 'regression' ? { ...filter, change: undefined } : { ...filter, change: 'regression' }),
      '/': () => search.current?.focus(),
      '?': () => setDialog('keys'),
      n: () => caseId && setDialog('note'),
      Escape: (e) => {
        if (e.target === search.current) search.current?.blur();
        else if (caseId) go({ caseId: null });
      },
    },
    dialog === null,
  );

  const loading = pendingKey !== null;
  const detail = detailEntry?.detail ?? null;

  return (
    <main id="main" className={`cases-screen${caseId ? ' has-detail' : ''}`} data-testid="cases-screen">
      <header className="cases-head">
        <div className="cases-title">
          <a className="back-link" href={hrefOf({ screen: 'run', runId })}>
            ← Run <code>{runId}</code>
          </a>
          <h1>Cases</h1>
          <span className="cases-count" data-testid="case-count" aria-live="polite">
            {total === null ? 'Loading…' : `${formatCount(total)} of ${formatCount(runCases ?? total)} cases`}
          </span>
          {changeMetric && changeMetric !== 'task_success' && <span className="muted small">change measured on {changeMetric.replace(/_/g, ' ')}</span>}
          {loading && total !== null && <span className="muted small">updating…</span>}
        </div>
        <div className="cases-tools">
          <SearchBox ref={search} value={filter.q ?? ''} onSearch={(q) => setFilter({ ...(currentCasesRoute(runId)?.filter ?? filter), q: q || undefined }, true)} />
          <label className="sort-field">
            <span className="sort-label">Sort</span>
            <select value={sort} onChange={(e) => go({ sort: caseSortSchema.parse(e.target.value) })}>
              {(Object.keys(SORT_LABELS) as CaseSort[]).map((s) => (
                <option key={s} value={s}>
                  {SORT_LABELS[s]}
                </option>
              ))}
            </select>
          </label>
          <a className="button" href={hrefOf({ screen: 'review', runId, filter })}>
            Blind review
          </a>
          <button type="button" className="button icon-button" onClick={() => setDialog('keys')} aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)">
            ?
          </button>
        </div>
        <FilterChips filter={filter} onChange={(f) => setFilter(f)} />
      </header>
      {error && <ErrorBox title="Could not load the cases" message={errorCode === 'infra' ? `${error} Is canary-gate serve still running?` : filter.q ? `${error} Check the search: it needs a letter or digit; words match whole (refund* for a prefix), "a phrase" in quotes, OR between words.` : error} onRetry={() => void store.getState().show(query, { reload: true })} />}
      <div className="cases-body">
        <aside className="facets" aria-label="Facets" inert={covered}>
          <FacetPanel facets={facets} filter={filter} onChange={(f) => setFilter(f)} />
        </aside>
        <div className="list-pane" ref={listPane} inert={covered} data-render-ms={renderMs === null ? undefined : renderMs.toFixed(1)}>
          {total === 0 ? (
            <div className="empty" data-testid="cases-empty">
              {runCases === 0 ? (
                <p>
                  This run has no cases yet. Replay it first: <code>canary-gate replay --run {runId}</code>
                </p>
              ) : (
                <>
                  <p>No case matches these filters.</p>
                  <button type="button" className="button" onClick={() => setFilter({})}>
                    Clear the filters
                  </button>
                </>
              )}
            </div>
          ) : (
            <CaseList total={count} rowAt={getRow} version={pages} activeIndex={active} openCaseId={caseId} onActivate={onActivate} onOpen={onOpen} onRange={onRange} label={`Cases of run ${runId}`} caption={SORT_LABELS[sort]} />
          )}
        </div>
        {caseId && (
          <div className="detail-pane" ref={detailPane} tabIndex={-1}>
            <CaseDetailView
              caseId={caseId}
              detail={detail}
              error={detailEntry?.error ?? null}
              run={run}
              onClose={() => go({ caseId: null })}
              onStep={step}
              onRetry={() => void store.getState().loadDetail(runId, caseId, { reload: true })}
              onNote={() => setDialog('note')}
            />
          </div>
        )}
      </div>
      {dialog === 'keys' && <KeysDialog keys={CASE_KEYS} onClose={() => setDialog(null)} />}
      {dialog === 'note' && caseId && <CaseNote runId={runId} caseId={caseId} filter={filter} onClose={() => setDialog(null)} />}
    </main>
  );
}

/**
 * A note from the open (not blind) view. Notes are kept with the reviewer's vote, so one on a case already
 * voted is added to that vote; otherwise the dialog explains and links to the blind review of the case.
 */
function CaseNote({ runId, caseId, filter, onClose }: { runId: string; caseId: string; filter: CaseFilter; onClose(): void }) {
  const reviewer = useReviewStore((s) => s.reviewer);
  const votesRun = useReviewStore((s) => s.votesLoadedFor);
  const vote = useReviewStore((s) => s.votes[caseId]);
  useEffect(() => {
    const s = useReviewStore.getState();
    if (s.reviewer === undefined) void s.loadReviewer().then(() => useReviewStore.getState().openRun(runId));
    else void s.openRun(runId);
  }, [runId]);
  if (reviewer === undefined || (reviewer && votesRun !== runId)) return null;
  if (!reviewer || !vote) {
    return (
      <ModalDialog title={`Note on ${caseId}`} onClose={onClose} testId="note-dialog">
        <p>A note is kept with your blind vote on the case, and you have not voted on it yet.</p>
        <div className="actions">
          <a className="button primary" href={hrefOf({ screen: 'review', runId, filter, caseId })}>
            Review this case blind
          </a>
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
        </div>
        <p className="hint">
          In the review, press <kbd>n</kbd> to write the note; it is sent with your vote.
        </p>
      </ModalDialog>
    );
  }
  return (
    <NoteDialog
      caseId={caseId}
      initial={vote.note ?? ''}
      intro={`Kept with your vote (${vote.choice.replace('_', ' ')}) as ${reviewer}.`}
      onSave={async (text) => {
        const ok = await useReviewStore.getState().vote({ runId, caseId, choice: vote.choice, baselineSide: vote.baseline_side, note: text });
        return ok ? null : (useReviewStore.getState().voteError ?? 'the note was not saved');
      }}
      onClose={onClose}
    />
  );
}
