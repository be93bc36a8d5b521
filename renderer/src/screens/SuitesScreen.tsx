import { useCallback, useEffect, useRef, useState } from 'react';
import type { CaseStatus } from '../../../shared/domain/suite.js';
import type { SuiteCaseFilter, SuiteLintFinding } from '../../../shared/domain/suite-view.js';
import { describeError } from '../api/describe-error.js';
import { ErrorBox } from '../components/ErrorBox.js';
import { FindingList } from '../components/suites/FindingList.js';
import { ReviewerDialog } from '../components/suites/ReviewerDialog.js';
import { SuiteCaseList } from '../components/suites/SuiteCaseList.js';
import { SuiteCasePane } from '../components/suites/SuiteCasePane.js';
import { SuiteFacets } from '../components/suites/SuiteFacets.js';
import { SuiteSearch } from '../components/suites/SuiteSearch.js';
import { SuiteTable } from '../components/suites/SuiteTable.js';
import type { Route } from '../routing/route.js';
import { hrefOf, navigate } from '../routing/use-route.js';
import { useRunsStore } from '../stores/runs-store.js';
import { caseKey, indexOfSuiteCase, suiteListKey, suiteRowAt, useSuitesStore } from '../stores/suites-store.js';
import { useWorkbenchStore } from '../stores/workbench-store.js';
import '../styles/cases.css';
import '../styles/suites.css';

type SuitesRoute = Extract<Route, { screen: 'suites' }>;

const count = (n: number) => n.toLocaleString('en-US');

function describeFilter(f: SuiteCaseFilter): string {
  const parts: string[] = [];
  if (f.status) parts.push(f.status);
  if (f.slice !== undefined) parts.push(`slice ${f.slice || '(none)'}`);
  if (f.origin) parts.push(`origin ${f.origin}`);
  if (f.severity) parts.push(`severity ${f.severity}`);
  if (f.tag) parts.push(`tag ${f.tag}`);
  if (f.flagged) parts.push('flagged by lint');
  if (f.q) parts.push(`matching “${f.q}”`);
  return parts.join(', ');
}

/** Lint findings about the whole file or its traffic selection: no row shows them, so they are listed above the cases. */
function FileFindings({ findings }: { findings: SuiteLintFinding[] }) {
  const shown = findings.filter((f) => f.severity !== 'info');
  if (shown.length === 0) return null;
  const errors = shown.filter((f) => f.severity === 'error').length;
  return (
    <details className={`suites-file-findings${errors ? ' has-errors' : ''}`} open={errors > 0} data-testid="suite-file-findings">
      <summary>
        Suite lint: {shown.length === 1 ? '1 finding' : `${shown.length} findings`} about the file or the traffic it selects
      </summary>
      <FindingList findings={shown} />
    </details>
  );
}

/** The suite files of the workspace, one file's cases with facets and search, and the open case with its expectation editor. */
export function SuitesScreen({ route }: { route: SuitesRoute }) {
  const { file, filter, caseId } = route;
  const client = useWorkbenchStore((s) => s.client);
  const changeCount = useWorkbenchStore((s) => s.changeCount);
  const suites = useSuitesStore((s) => s.suites);
  const suitesError = useSuitesStore((s) => s.suitesError);
  const total = useSuitesStore((s) => s.total);
  const suiteCases = useSuitesStore((s) => s.suiteCases);
  const facets = useSuitesStore((s) => s.facets);
  const fileFindings = useSuitesStore((s) => s.fileFindings);
  const pages = useSuitesStore((s) => s.pages);
  const error = useSuitesStore((s) => s.error);
  const shownKey = useSuitesStore((s) => s.key);
  const pendingKey = useSuitesStore((s) => s.pendingKey);
  const entry = useSuitesStore((s) => (file && caseId ? s.cases[caseKey(file, caseId)] : undefined));
  const workspace = useRunsStore((s) => s.workspace);
  const [reviewer, setReviewer] = useState<string | null | undefined>(undefined);
  const [active, setActive] = useState(0);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const [askReviewer, setAskReviewer] = useState<CaseStatus | null>(null);
  const search = useRef<HTMLInputElement>(null);
  const listKey = file ? suiteListKey(file, filter) : null;

  useEffect(() => {
    if (workspace && reviewer === undefined) setReviewer(workspace.reviewer);
  }, [workspace, reviewer]);

  useEffect(() => {
    void useSuitesStore.getState().loadSuites();
  }, [client]);

  useEffect(() => {
    if (file) void useSuitesStore.getState().show(file, filter);
    // listKey stands for file and filter: the route object is new on every hash change.
  }, [listKey, client]);

  useEffect(() => {
    if (file && caseId) void useSuitesStore.getState().loadCase(file, caseId);
    setActionError(null);
  }, [file, caseId, client]);

  // The workspace changed underneath (a CLI edit, a replay): reload what is shown.
  const firstChange = useRef(changeCount);
  useEffect(() => {
    if (changeCount === firstChange.current) return;
    if (file) void useSuitesStore.getState().refreshAfterWrite(file, caseId);
    else void useSuitesStore.getState().loadSuites({ reload: true });
  }, [changeCount]);

  useEffect(() => {
    if (caseId !== undefined) {
      const i = indexOfSuiteCase(useSuitesStore.getState(), caseId);
      if (i >= 0) setActive(i);
    } else setActive(0);
  }, [shownKey, caseId]);

  const go = useCallback(
    (next: { file?: string; filter?: SuiteCaseFilter; caseId?: string | null }, opts: { replace?: boolean } = {}) => {
      const f = next.file ?? file;
      const id = next.caseId === null ? undefined : (next.caseId ?? caseId);
      navigate(f ? { screen: 'suites', file: f, filter: next.filter ?? filter, ...(id !== undefined ? { caseId: id } : {}) } : { screen: 'suites', filter: {} }, opts);
    },
    [file, filter, caseId],
  );
  const setFilter = useCallback((f: SuiteCaseFilter, replace = false) => go({ filter: f, caseId: null }, { replace }), [go]);

  const onOpen = useCallback(
    (i: number) => {
      const row = suiteRowAt(useSuitesStore.getState(), i);
      setActive(i);
      if (row) go({ caseId: row.case_id }, { replace: caseId !== undefined });
    },
    [go, caseId],
  );
  const onActivate = useCallback(
    (i: number) => {
      if (caseId !== undefined) onOpen(i);
      else setActive(i);
    },
    [onOpen, caseId],
  );
  const onRange = useCallback((start: number, end: number) => useSuitesStore.getState().ensureRange(start, end), []);
  const getRow = useCallback((i: number) => suiteRowAt({ pages }, i), [pages]);

  const changeStatus = useCallback(
    async (status: CaseStatus, who: string | null | undefined = reviewer) => {
      if (!client || !file || !caseId) return;
      if (!who) {
        setAskReviewer(status);
        return;
      }
      setBusy(true);
      setActionError(null);
      const r = await client.call('suites.setStatus', { file, caseId, status });
      setBusy(false);
      if (!r.ok) setActionError(describeError(r));
      await useSuitesStore.getState().refreshAfterWrite(file, caseId);
    },
    [client, file, caseId, reviewer],
  );

  const saveReviewer = async (name: string): Promise<string | null> => {
    if (!client) return 'not connected';
    const r = await client.call('workspace.setReviewer', { reviewer: name });
    if (!r.ok) return describeError(r);
    setReviewer(r.value.reviewer);
    const pending = askReviewer;
    setAskReviewer(null);
    if (pending) void changeStatus(pending, r.value.reviewer);
    return null;
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      const typing = target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT' || target.isContentEditable);
      if (document.querySelector('[role="dialog"]')) return;
      if (e.key === '/' && !typing) {
        e.preventDefault();
        search.current?.focus();
      } else if (e.key === 'Escape') {
        if (target === search.current) search.current?.blur();
        else if (caseId !== undefined && !typing) go({ caseId: null });
      } else if (!typing && !e.ctrlKey && !e.metaKey && !e.altKey && caseId !== undefined && entry?.detail) {
        const status = entry.detail.status;
        if (e.key === 'a' && status !== 'active') void changeStatus('active');
        else if (e.key === 'r' && status !== 'retired') void changeStatus('retired');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go, caseId, entry, changeStatus]);

  const summary = file ? suites?.find((s) => s.file === file) : undefined;
  const described = describeFilter(filter);
  const hasFilter = listKey !== null && listKey !== suiteListKey(file!, {});
  const open = caseId !== undefined;

  if (!file) {
    return (
      <main id="main" className="suites-screen" data-testid="suites-screen">
        <header className="suites-head">
          <h1>Suites</h1>
          <span className="suites-count">{suites ? `${count(suites.length)} suite file${suites.length === 1 ? '' : 's'}` : 'Loading…'}</span>
        </header>
        {suitesError && <ErrorBox title="Could not list the suites" message={suitesError} onRetry={() => void useSuitesStore.getState().loadSuites({ reload: true })} />}
        <div className="suites-overview">
          {suites && suites.length === 0 && (
            <div className="empty">
              <p>
                No suite files yet. Draft one from imported traffic with <code>canary-gate suite create --from-samples --out evals/suites/curated.yaml</code>, or use “Add to suite” on a sample in{' '}
                <a href={hrefOf({ screen: 'traffic', filter: {} })}>Traffic</a>.
              </p>
            </div>
          )}
          {suites && suites.length > 0 && <SuiteTable suites={suites} />}
        </div>
      </main>
    );
  }

  return (
    <main id="main" className={`suites-screen has-suite${open ? ' has-detail' : ''}`} data-testid="suites-screen">
      <header className="suites-head">
        <h1>
          <a href={hrefOf({ screen: 'suites', filter: {} })} className="suites-crumb">
            Suites
          </a>{' '}
          <span aria-hidden="true">›</span> {summary?.name ?? file}
        </h1>
        <label htmlFor="suite-picker" className="sr-only">
          Suite file
        </label>
        <select id="suite-picker" className="suite-picker" value={file} onChange={(e) => navigate({ screen: 'suites', file: e.target.value, filter: {} })} data-testid="suite-picker">
          {!suites?.some((s) => s.file === file) && <option value={file}>{file}</option>}
          {suites?.map((s) => (
            <option key={s.file} value={s.file}>
              {s.file}
            </option>
          ))}
        </select>
        <span className="suites-count" data-testid="suite-count" aria-live="polite">
          {total === null ? 'Loading…' : `${count(total)} of ${count(suiteCases ?? total)} case${suiteCases === 1 ? '' : 's'}${described ? ` · ${described}` : ''}`}
        </span>
        {pendingKey !== null && total !== null && <span className="muted small">updating…</span>}
        <div className="suites-tools">
          <SuiteSearch ref={search} value={filter.q ?? ''} onSearch={(q) => setFilter({ ...filter, q: q || undefined }, true)} />
          {hasFilter && (
            <button type="button" className="button" onClick={() => setFilter({})}>
              Clear filters
            </button>
          )}
        </div>
      </header>
      {summary?.traffic_slices && (
        <p className="suites-note">
          This suite also replays imported traffic of {summary.traffic_slices.length ? summary.traffic_slices.join(', ') : 'every slice'}, selected at replay time: those cases are not in the file. Write them into a file to curate them:{' '}
          <code>canary-gate suite create --from-samples --slice {summary.traffic_slices[0] ?? '<slice>'}</code>
        </p>
      )}
      <FileFindings findings={fileFindings} />
      {error && <ErrorBox title={`Could not load ${file}`} message={error} onRetry={() => void useSuitesStore.getState().show(file, filter, { reload: true })} testId="suite-error" />}
      <div className="suites-body">
        <aside className="suites-side">
          <SuiteFacets facets={facets} filter={filter} onChange={(f) => setFilter(f)} />
        </aside>
        <div className="suites-list-pane">
          {total === 0 ? (
            <div className="empty" data-testid="suite-empty">
              {hasFilter ? (
                <>
                  <p>No case matches these filters.</p>
                  <button type="button" className="button" onClick={() => setFilter({})}>
                    Clear the filters
                  </button>
                </>
              ) : (
                <p>This file has no cases yet.</p>
              )}
            </div>
          ) : total === null ? (
            !error && <p className="placeholder">Loading the cases…</p>
          ) : (
            <SuiteCaseList total={total} rowAt={getRow} version={pages} activeIndex={active} openId={caseId} onActivate={onActivate} onOpen={onOpen} onRange={onRange} />
          )}
        </div>
        {open && (
          <div className="suites-detail-pane">
            <SuiteCasePane
              file={file}
              caseId={caseId}
              detail={entry?.detail ?? null}
              error={entry?.error ?? null}
              reviewer={reviewer}
              busy={busy}
              actionError={actionError}
              onStatus={(s) => void changeStatus(s)}
              onClose={() => go({ caseId: null })}
              onRetry={() => void useSuitesStore.getState().loadCase(file, caseId, { reload: true })}
              onSaved={() => void useSuitesStore.getState().refreshAfterWrite(file, caseId)}
            />
          </div>
        )}
      </div>
      {askReviewer && <ReviewerDialog onSave={saveReviewer} onClose={() => setAskReviewer(null)} />}
    </main>
  );
}
