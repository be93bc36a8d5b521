import { useCallback, useEffect, useState } from 'react';
import type { WorkbenchClient } from '../../../shared/contract/index.js';
import { ErrorBox } from '../components/ErrorBox.js';
import { RunHeader } from '../components/RunHeader.js';
import { RunList } from '../components/RunList.js';
import { DistributionPanel } from '../components/overview/DistributionPanel.js';
import { GateForest } from '../components/overview/GateForest.js';
import { ReportList } from '../components/overview/ReportList.js';
import { RunStateNote } from '../components/overview/RunStateNote.js';
import { SectionState } from '../components/overview/SectionState.js';
import { SliceTable } from '../components/overview/SliceTable.js';
import { TargetDiffPanel } from '../components/overview/TargetDiffPanel.js';
import { PairwiseJudgePanel } from '../components/PairwiseJudgePanel.js';
import type { Route } from '../routing/route.js';
import { hrefOf, navigate } from '../routing/use-route.js';
import { useOverviewStore } from '../stores/overview-store.js';
import { useRunsStore } from '../stores/runs-store.js';
import { useWorkbenchStore } from '../stores/workbench-store.js';
import '../styles/overview.css';

const PANE_KEY = 'canary-gate.run-pane';

/** The run list starts open on a wide window and folded on a laptop, unless the user chose before. */
function initialPaneOpen(): boolean {
  try {
    const saved = window.localStorage.getItem(PANE_KEY);
    if (saved === 'open' || saved === 'closed') return saved === 'open';
  } catch {
    // Storage can be disabled; the width decides then.
  }
  return typeof window.matchMedia !== 'function' || window.matchMedia('(min-width: 1200px)').matches;
}

function RunPane({ selectedId, open, onToggle }: { selectedId: string | null; open: boolean; onToggle(): void }) {
  const runs = useRunsStore((s) => s.runs);
  const total = useRunsStore((s) => s.total);
  const listStatus = useRunsStore((s) => s.listStatus);
  const listError = useRunsStore((s) => s.listError);
  const progress = useWorkbenchStore((s) => s.replays);
  const { refresh, loadMore } = useRunsStore.getState();
  if (!open) {
    return (
      <div className="pane-rail">
        <button type="button" className="button pane-toggle" aria-expanded="false" aria-controls="run-pane" onClick={onToggle} data-testid="pane-toggle">
          <span aria-hidden="true">»</span> Runs{total > 0 && <span className="count">{total}</span>}
        </button>
      </div>
    );
  }
  return (
    <aside className="sidebar run-pane" id="run-pane" aria-label="Runs">
      <div className="sidebar-head">
        <h2>Runs {listStatus !== 'idle' && total > 0 && <span className="count">{total}</span>}</h2>
        <div className="sidebar-actions">
          <button type="button" className="button" onClick={() => void refresh()} disabled={listStatus === 'loading'}>
            Refresh
          </button>
          <button type="button" className="button pane-toggle" aria-expanded="true" aria-controls="run-pane" onClick={onToggle} data-testid="pane-toggle" title="Hide the run list">
            <span aria-hidden="true">«</span>
            <span className="sr-only">Hide the run list</span>
          </button>
        </div>
      </div>
      {/* With no run open, the main area shows the error instead (one alert, not two). */}
      {listError && (runs.length > 0 || selectedId) && <ErrorBox title={runs.length > 0 ? 'Could not refresh the runs; the list may be out of date' : 'Could not load runs'} message={listError} onRetry={() => void refresh()} />}
      {listStatus === 'loading' && runs.length === 0 && <p className="placeholder">Loading runs…</p>}
      {runs.length > 0 && <RunList runs={runs} selectedId={selectedId} progress={progress} />}
      {runs.length > 0 && runs.length < total && (
        <button type="button" className="button more" onClick={() => void loadMore()} disabled={listStatus === 'loading'}>
          Load more ({total - runs.length} left)
        </button>
      )}
    </aside>
  );
}

/** No runs in the workspace: the commands that make one, or the Replay screen. */
function EmptyRuns() {
  return (
    <div className="empty-state" data-testid="empty-runs">
      <h1>No runs yet</h1>
      <p>
        A run replays a suite of cases against a baseline and a candidate target. Try the whole loop offline with <code>canary-gate demo</code>, or replay your own
        suite with <code>canary-gate replay</code>.
      </p>
      <p>
        <a className="button primary" href={hrefOf({ screen: 'replay' })}>
          Start a replay
        </a>
      </p>
    </div>
  );
}

function Overview({ client, runId }: { client: WorkbenchClient; runId: string }) {
  const state = useOverviewStore();
  const progress = useWorkbenchStore((s) => s.replays[runId]);
  const reload = useCallback(() => void useOverviewStore.getState().load(client, runId), [client, runId]);
  // The store may still hold the previous run for a moment after a click.
  if (state.runId !== runId) return <p className="placeholder">Loading {runId}…</p>;
  const { detail } = state;
  return (
    <SectionState what={`run ${runId}`} section={detail} onRetry={reload}>
      {(run) => (
        <article className="run-detail" data-testid="run-detail" aria-busy={detail.status === 'loading'}>
          <RunHeader run={run} />
          {state.targetDiff.value && <ChangedSummary changed={state.targetDiff.value.changed.map((c) => c.field)} identical={state.targetDiff.value.identical} />}
          <RunStateNote run={run} progress={progress} resume={state.resume} onResume={() => void useOverviewStore.getState().resumeRun(client, runId)} />
          {run.gate && (
            <>
              {state.drilldownError && (
                <p className="muted drilldown-error" role="status">
                  The cases left out of each gate could not be loaded: {state.drilldownError}
                </p>
              )}
              <GateForest runId={run.id} runCases={run.cases} evaluation={run.gate} drilldowns={state.drilldowns} />
              <SectionState what="the slices" section={state.slices} onRetry={reload}>
                {(slices) => <SliceTable runId={run.id} slices={slices} />}
              </SectionState>
            </>
          )}
          <PairwiseJudgePanel runId={run.id} client={client} />
          <SectionState what="the latency and cost distributions" section={state.distributions} onRetry={reload}>
            {(d) => <DistributionPanel distributions={d} />}
          </SectionState>
          <SectionState what="the target diff" section={state.targetDiff} onRetry={reload}>
            {(diff) => <TargetDiffPanel diff={diff} />}
          </SectionState>
          <SectionState what="the reports" section={state.reports} onRetry={reload}>
            {(reports) => <ReportList reports={reports} runId={run.id} />}
          </SectionState>
        </article>
      )}
    </SectionState>
  );
}

/** One line under the header naming what differs between the targets (the full diff is further down). */
function ChangedSummary({ changed, identical }: { changed: string[]; identical: boolean }) {
  return (
    <p className="changed-summary" data-testid="changed-summary">
      <span className="label">Changed</span>
      {identical ? <span>nothing: both arms are the same target (A/A)</span> : changed.length === 0 ? <span>no setting (same fingerprint inputs)</span> : changed.map((f) => <code key={f}>{f}</code>)}
    </p>
  );
}

/**
 * A run's overview: the run list on the left (foldable), and the selected run's gates as a forest plot, slices,
 * latency and cost, target diff and reports. Without a run in the route it opens the newest run.
 */
export function RunOverviewScreen({ route }: { route: Extract<Route, { screen: 'run' }> }) {
  const client = useWorkbenchStore((s) => s.client);
  const changeCount = useWorkbenchStore((s) => s.changeCount);
  const runs = useRunsStore((s) => s.runs);
  const listStatus = useRunsStore((s) => s.listStatus);
  const listError = useRunsStore((s) => s.listError);
  const newest = runs[0]?.id;
  const runId = route.runId ?? null;
  const [paneOpen, setPaneOpen] = useState(initialPaneOpen);

  // No run named: open the newest, replacing the history entry so Back does not bounce here again.
  useEffect(() => {
    if (!runId && newest) navigate({ screen: 'run', runId: newest }, { replace: true });
  }, [runId, newest]);

  // changeCount moves when a replay ends or another process (a CLI gate) changed the workspace: reload.
  useEffect(() => {
    if (client && runId) void useOverviewStore.getState().load(client, runId);
  }, [client, runId, changeCount]);

  const togglePane = () => {
    setPaneOpen((open) => {
      try {
        window.localStorage.setItem(PANE_KEY, open ? 'closed' : 'open');
      } catch {
        // Not remembered, still toggled.
      }
      return !open;
    });
  };

  const noRuns = !runId && listStatus !== 'loading' && listStatus !== 'idle' && runs.length === 0;
  return (
    <main id="main" className={paneOpen ? 'overview-layout' : 'overview-layout pane-collapsed'}>
      <RunPane selectedId={runId} open={paneOpen} onToggle={togglePane} />
      <section className="content overview-content" aria-label="Run overview">
        {noRuns && listError && <ErrorBox title="Could not load runs" message={listError} onRetry={() => void useRunsStore.getState().refresh()} />}
        {noRuns && !listError && <EmptyRuns />}
        {!runId && !noRuns && <p className="placeholder">Opening the newest run…</p>}
        {runId && client && <Overview client={client} runId={runId} />}
      </section>
    </main>
  );
}
