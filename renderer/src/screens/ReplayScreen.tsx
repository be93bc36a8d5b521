import { useEffect, useRef } from 'react';
import { ReplayLauncher } from '../components/replay/ReplayLauncher.js';
import { ReplayProgressCard } from '../components/replay/ReplayProgressCard.js';
import type { ReplayProgress, RunSummary } from '../../../shared/domain/run.js';
import type { Route } from '../routing/route.js';
import { useReplayStore } from '../stores/replay-store.js';
import { useRunsStore } from '../stores/runs-store.js';
import { useWorkbenchStore } from '../stores/workbench-store.js';
import '../styles/replay.css';

type ReplayRoute = Extract<Route, { screen: 'replay' }>;

/** An interrupted run's counts as stored (calls answered of the calls it makes). */
function storedProgress(r: RunSummary): ReplayProgress {
  const total = r.expected_calls ?? r.results;
  return { runId: r.id, done: total - (r.missing_calls ?? 0), total, infraErrors: r.infra_errors, state: 'interrupted' };
}

function Card({ runId, owner, holder, fallback, calls }: { runId: string; owner: 'this_process' | 'other_process'; holder?: string | null; fallback?: ReplayProgress; calls?: number }) {
  // Live events win; a run known only from the run list shows its stored counts.
  const progress = useWorkbenchStore((s) => s.replays[runId]) ?? fallback;
  const action = useReplayStore((s) => s.actions[runId]);
  const { cancel, resume } = useReplayStore.getState();
  return (
    <ReplayProgressCard
      runId={runId}
      progress={progress}
      owner={owner}
      holder={holder ?? null}
      {...(calls !== undefined ? { calls } : {})}
      busy={action?.busy ?? false}
      error={action?.error ?? null}
      onCancel={() => void cancel(runId)}
      onResume={() => void resume(runId)}
    />
  );
}

/** The replay launcher, the replay started here with its live progress, replays running elsewhere, and interrupted runs to resume. */
export function ReplayScreen(_props: { route: ReplayRoute }) {
  const client = useWorkbenchStore((s) => s.client);
  const changeCount = useWorkbenchStore((s) => s.changeCount);
  const replays = useWorkbenchStore((s) => s.replays);
  const runId = useReplayStore((s) => s.runId);
  const startedCalls = useReplayStore((s) => s.startedCalls);
  const active = useReplayStore((s) => s.active);
  const activeError = useReplayStore((s) => s.activeError);
  const runs = useRunsStore((s) => s.runs);

  useEffect(() => {
    void useReplayStore.getState().load();
  }, [client]);

  // A replay ended or the workspace changed underneath (a CLI replay started or stopped): list what runs now.
  const firstChange = useRef(changeCount);
  useEffect(() => {
    if (changeCount === firstChange.current) return;
    void useReplayStore.getState().loadActive();
  }, [changeCount]);

  const activeIds = new Set(active.map((a) => a.runId));
  // Replays whose events arrive but that replay.active has not listed yet (just started elsewhere).
  const liveFromEvents = Object.values(replays).filter((p) => (p.state === undefined || p.state === 'running') && p.runId !== runId && !activeIds.has(p.runId));
  const live = [...active.filter((a) => a.runId !== runId), ...liveFromEvents.map((p) => ({ runId: p.runId, owner: 'other_process' as const, holder: null }))];
  const liveIds = new Set([runId, ...live.map((l) => l.runId)]);
  const interrupted = runs.filter((r) => r.status === 'interrupted' && !liveIds.has(r.id));

  return (
    <main id="main" className="replay-screen" data-testid="replay-screen">
      <div className="replay-column">
        <h1>Replay</h1>
        <div className="replay-grid">
          <ReplayLauncher />
          <div className="replay-side">
            <section className="panel replay-runs" aria-labelledby="replay-runs-title">
              <h2 id="replay-runs-title">Replays</h2>
              {activeError && <p className="warning-box">Could not list the replays in flight: {activeError}</p>}
              {runId === null && live.length === 0 && interrupted.length === 0 && (
                <p className="placeholder" data-testid="replay-idle">
                  Nothing is replaying. Estimate a replay, then start it: progress shows here, and so do replays started from the command line (<code>canary-gate replay</code>).
                </p>
              )}
              {runId !== null && <Card runId={runId} owner={active.find((a) => a.runId === runId)?.owner ?? 'this_process'} {...(startedCalls !== null ? { calls: startedCalls } : {})} />}
              {live.length > 0 && (
                <>
                  <h3>Running elsewhere</h3>
                  <div className="replay-list" data-testid="replay-live">
                    {live.map((l) => (
                      <Card key={l.runId} runId={l.runId} owner={l.owner} holder={l.holder} />
                    ))}
                  </div>
                </>
              )}
              {interrupted.length > 0 && (
                <>
                  <h3>Interrupted runs</h3>
                  <p className="hint">Resuming replays only the calls that have no answer yet.</p>
                  <div className="replay-list" data-testid="replay-interrupted">
                    {interrupted.map((r) => (
                      <Card key={r.id} runId={r.id} owner="this_process" fallback={storedProgress(r)} />
                    ))}
                  </div>
                </>
              )}
            </section>
          </div>
        </div>
      </div>
    </main>
  );
}
