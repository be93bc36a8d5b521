import type { ReplayProgress } from '../../../../shared/domain/run.js';
import { hrefOf } from '../../routing/use-route.js';
import { formatUsd } from './replay-form.js';

const STATE_LABEL: Record<NonNullable<ReplayProgress['state']>, string> = {
  running: 'Running',
  completed: 'Completed',
  cancelled: 'Cancelled',
  interrupted: 'Interrupted',
  failed: 'Failed',
};

export interface ReplayProgressCardProps {
  runId: string;
  progress: ReplayProgress | undefined;
  /** Calls the start answered with, shown until the first progress event. */
  calls?: number;
  /** Who runs it: this app (it can be cancelled here) or another process (a CLI replay). */
  owner: 'this_process' | 'other_process';
  holder?: string | null;
  busy: boolean;
  error: string | null;
  onCancel(): void;
  onResume(): void;
}

/** One replay's live progress (done/total, calls/s, errors, spend) with what can be done about it. */
export function ReplayProgressCard({ runId, progress, calls, owner, holder, busy, error, onCancel, onResume }: ReplayProgressCardProps) {
  const state = progress?.state ?? 'running';
  const done = progress?.done ?? 0;
  const total = progress?.total ?? calls ?? 0;
  const pct = total > 0 ? Math.min(100, (done / total) * 100) : 0;
  const ended = state !== 'running';
  const resumable = state === 'cancelled' || state === 'interrupted' || state === 'failed';
  return (
    <article className={`replay-card state-${state}`} data-testid="replay-card" data-run-id={runId} data-state={state} aria-labelledby={`replay-${runId}-title`}>
      <header className="replay-card-head">
        <h3 id={`replay-${runId}-title`}>
          <a href={hrefOf({ screen: 'run', runId })}>
            <code>{runId}</code>
          </a>
        </h3>
        <span className={`replay-state replay-state-${state}`} data-testid="replay-state">
          {STATE_LABEL[state]}
        </span>
        <span className="replay-owner muted">{owner === 'this_process' ? 'started in this app' : `replayed by ${holder ?? 'another process'}`}</span>
      </header>
      <div className="replay-bar" role="progressbar" aria-label={`Calls answered for run ${runId}`} aria-valuemin={0} aria-valuemax={total} aria-valuenow={done} aria-valuetext={`${done} of ${total} calls`}>
        <div className="replay-bar-fill" style={{ width: `${pct}%` }} />
      </div>
      <dl className="replay-figures">
        <div>
          <dt>Calls</dt>
          <dd data-testid="replay-done">
            {done.toLocaleString('en-US')} / {total.toLocaleString('en-US')}
          </dd>
        </div>
        <div>
          <dt>Calls/s</dt>
          <dd data-testid="replay-rate">{!ended && progress?.callsPerSecond !== undefined ? progress.callsPerSecond.toFixed(1) : '–'}</dd>
        </div>
        <div>
          <dt>Errors</dt>
          <dd data-testid="replay-errors" className={progress && progress.infraErrors > 0 ? 'warn' : undefined}>
            {(progress?.infraErrors ?? 0).toLocaleString('en-US')}
          </dd>
        </div>
        <div>
          <dt>Spent</dt>
          <dd data-testid="replay-spent">{progress?.spentUsd !== undefined ? formatUsd(progress.spentUsd) : '–'}</dd>
        </div>
      </dl>
      {progress?.message && <p className={state === 'failed' ? 'replay-message error-text' : 'replay-message'}>{progress.message}</p>}
      {error && (
        <p className="replay-message error-text" role="alert">
          {error}
        </p>
      )}
      <div className="replay-card-actions">
        {state === 'running' && owner === 'this_process' && (
          <button type="button" className="button" onClick={onCancel} disabled={busy} data-testid="replay-cancel">
            {busy ? 'Cancelling…' : 'Cancel'}
          </button>
        )}
        {state === 'running' && owner === 'other_process' && <span className="hint">Stop it where it was started (Ctrl-C keeps the answers so far).</span>}
        {resumable && (
          <button type="button" className="button primary" onClick={onResume} disabled={busy} data-testid="replay-resume">
            {busy ? 'Resuming…' : 'Resume'}
          </button>
        )}
        {state === 'completed' && (
          <a className="button primary" href={hrefOf({ screen: 'run', runId })} data-testid="replay-open-run">
            Open the run’s overview →
          </a>
        )}
      </div>
    </article>
  );
}
