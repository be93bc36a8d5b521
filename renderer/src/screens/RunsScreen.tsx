import { ErrorBox } from '../components/ErrorBox.js';
import { GateTable } from '../components/GateTable.js';
import { RunHeader } from '../components/RunHeader.js';
import { RunList } from '../components/RunList.js';
import { useRunsStore } from '../stores/runs-store.js';

function ProgressBanner() {
  const progress = useRunsStore((s) => s.progress);
  const active = Object.values(progress);
  if (active.length === 0) return null;
  return (
    <div className="progress-banner" role="status">
      {active.map((p) => (
        <span key={p.runId}>
          Replaying <code>{p.runId}</code>: {p.done}/{p.total}
          {p.infraErrors > 0 && ` (${p.infraErrors} infra error${p.infraErrors === 1 ? '' : 's'})`}
        </span>
      ))}
    </div>
  );
}

function RunPane() {
  const selectedId = useRunsStore((s) => s.selectedId);
  const detail = useRunsStore((s) => s.detail);
  const status = useRunsStore((s) => s.detailStatus);
  const error = useRunsStore((s) => s.detailError);
  const select = useRunsStore((s) => s.select);

  if (!selectedId) return <p className="placeholder">Select a run to see its gate table.</p>;
  if (status === 'error') return <ErrorBox title={`Could not load run ${selectedId}`} message={error ?? 'unknown error'} onRetry={() => void select(selectedId)} />;
  if (!detail || detail.id !== selectedId) return <p className="placeholder">Loading {selectedId}…</p>;
  return (
    <article className="run-detail" data-testid="run-detail" aria-busy={status === 'loading'}>
      <RunHeader run={detail} />
      {detail.gate ? (
        <GateTable evaluation={detail.gate} />
      ) : (
        <p className="placeholder" data-testid="not-gated">
          This run has no gate evaluation yet: evaluate it against a gate policy to see its verdict here.
        </p>
      )}
    </article>
  );
}

/** The default screen: the workspace's runs on the left, the selected run's gates on the right. */
export function RunsScreen() {
  const runs = useRunsStore((s) => s.runs);
  const total = useRunsStore((s) => s.total);
  const listStatus = useRunsStore((s) => s.listStatus);
  const listError = useRunsStore((s) => s.listError);
  const selectedId = useRunsStore((s) => s.selectedId);
  const { select, refresh, loadMore } = useRunsStore.getState();

  return (
    <>
      <ProgressBanner />
      <main className="layout">
        <aside className="sidebar" aria-label="Runs">
          <div className="sidebar-head">
            <h1>
              Runs {listStatus === 'ready' && <span className="count">{total}</span>}
            </h1>
            <button type="button" className="button" onClick={() => void refresh()} disabled={listStatus === 'loading'}>
              Refresh
            </button>
          </div>
          {listError && <ErrorBox title="Could not load runs" message={listError} onRetry={() => void refresh()} />}
          {listStatus === 'loading' && runs.length === 0 && <p className="placeholder">Loading runs…</p>}
          {listStatus === 'ready' && runs.length === 0 && (
            <p className="empty" data-testid="empty-runs">
              No runs yet — run <code>canary-gate demo</code> or <code>canary-gate replay</code>
            </p>
          )}
          {runs.length > 0 && <RunList runs={runs} selectedId={selectedId} onSelect={(id) => void select(id)} />}
          {runs.length > 0 && runs.length < total && (
            <button type="button" className="button more" onClick={() => void loadMore()} disabled={listStatus === 'loading'}>
              Load more ({total - runs.length} left)
            </button>
          )}
        </aside>
        <section className="content">
          <RunPane />
        </section>
      </main>
    </>
  );
}
