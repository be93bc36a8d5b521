import type { ReplayProgress, RunDetail } from '../../../../shared/domain/run.js';
import { CommandLine } from '../CopyButton.js';

export interface RunStateNoteProps {
  run: RunDetail;
  /** The latest replay.progress of this run, if any arrived. */
  progress: ReplayProgress | undefined;
  resume: { status: 'idle' | 'starting' | 'started' | 'error'; error: string | null };
  onResume(): void;
}

/** A run whose calls are not all answered: it cannot be gated as it stands. */
export function isPartial(run: RunDetail): boolean {
  if (run.missing_calls !== undefined) return run.missing_calls > 0;
  return run.status === 'interrupted' || run.status === 'failed';
}

function isReplaying(run: RunDetail, progress: ReplayProgress | undefined): boolean {
  if (progress) return progress.state === undefined || progress.state === 'running';
  return run.status === 'running';
}

const ENDED: Record<string, string> = {
  completed: 'The replay completed.',
  cancelled: 'The replay was cancelled; what was answered is kept and the run can be resumed.',
  interrupted: 'The replay was interrupted; what was answered is kept and the run can be resumed.',
  failed: 'The replay failed.',
};

/** Live progress of a replay of this run (from this app or a CLI on the same workspace). */
function ReplayProgressLine({ progress }: { progress: ReplayProgress }) {
  const running = progress.state === undefined || progress.state === 'running';
  return (
    <div className="replay-progress" role="status" data-testid="replay-progress">
      {running ? (
        <>
          <progress max={Math.max(1, progress.total)} value={progress.done} aria-label="Calls answered" />
          <span>
            {progress.done} of {progress.total} calls
            {progress.callsPerSecond !== undefined && ` · ${progress.callsPerSecond.toFixed(1)} calls/s`}
            {progress.spentUsd !== undefined && ` · $${progress.spentUsd.toFixed(4)} spent`}
            {progress.infraErrors > 0 && ` · ${progress.infraErrors} infra error${progress.infraErrors === 1 ? '' : 's'}`}
          </span>
        </>
      ) : (
        <span>
          {ENDED[progress.state ?? ''] ?? ''} {progress.message ?? ''}
        </span>
      )}
    </div>
  );
}

/**
 * What a run still needs before its gates mean anything, with the command or button that does it: a shard is
 * merged, a partial run resumed, a complete run gated. Nothing for a gated, complete run.
 */
export function RunStateNote({ run, progress, resume, onResume }: RunStateNoteProps) {
  const replaying = isReplaying(run, progress);
  if (run.shard) {
    return (
      <div className="state-note" role="note" data-testid="shard-note">
        <strong>
          Shard {run.shard.index} of {run.shard.count}.
        </strong>{' '}
        A shard holds part of a split replay and cannot be gated alone: merge the shards into one run, then gate it.
        <div className="commands">
          <CommandLine command="canary-gate merge <shard workspaces or databases…> --workspace <merged workspace>" testId="merge-command" />
          <CommandLine command="canary-gate gate --workspace <merged workspace>" />
        </div>
      </div>
    );
  }
  if (replaying || isPartial(run)) {
    const resumeCommand = `canary-gate replay --run ${run.id}`;
    return (
      <div className="state-note" role="note" data-testid="partial-note">
        {replaying ? (
          <strong>A replay of this run is in progress.</strong>
        ) : (
          <>
            <strong>Partial run{run.status !== 'completed' ? ` (${run.status})` : ''}.</strong>{' '}
            {run.missing_calls !== undefined && run.expected_calls !== undefined
              ? `${run.missing_calls} of ${run.expected_calls} calls have no result yet. `
              : 'Some calls have no result yet. '}
            A partial run is a biased sample: resume it to answer the rest, then gate it.
          </>
        )}
        {progress && <ReplayProgressLine progress={progress} />}
        {!replaying && (
          <div className="commands">
            <button type="button" className="button primary" data-testid="resume-button" disabled={resume.status === 'starting'} onClick={onResume}>
              {resume.status === 'starting' ? 'Resuming…' : 'Resume replay'}
            </button>
            <span className="muted">or run</span>
            <CommandLine command={resumeCommand} />
          </div>
        )}
        {resume.status === 'error' && (
          <p className="error-text" role="alert" data-testid="resume-error">
            Could not resume: {resume.error}
          </p>
        )}
      </div>
    );
  }
  if (!run.gate) {
    return (
      <div className="state-note" role="note" data-testid="not-gated">
        <strong>Not gated yet.</strong> This run has no gate evaluation: gate it against a policy to see its verdict, slices and the cases behind each gate.
        {/* A replay that just finished here says how it ended, next to what to do now. */}
        {progress && <ReplayProgressLine progress={progress} />}
        <div className="commands">
          <CommandLine command={`canary-gate gate --run ${run.id}`} testId="gate-command" />
        </div>
      </div>
    );
  }
  return null;
}
