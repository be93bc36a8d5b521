import { useState } from 'react';
import type { RescoreOutcome } from '../../../../shared/domain/rescore.js';
import { describeError } from '../../api/describe-error.js';
import { useWorkbenchStore } from '../../stores/workbench-store.js';

/** "3 case(s) changed · 812 scores, 40 failed, 0 scorer errors". */
function outcomeText(o: RescoreOutcome): string {
  const from = o.suite ? `${o.casesChanged} case(s) changed since the replay` : `stored expectations (${o.storedBecause ?? 'no suite file'})`;
  return `${from} · ${o.scores} score(s) on ${o.results} answer(s), ${o.failed} failed, ${o.errors} scorer error(s)`;
}

/**
 * After a saved edit: re-score the run the preview used with the suite file as saved (no model call), so the case
 * list and the judge-free scores follow the fix. The gates keep their verdicts until the run is gated again.
 */
export function RescoreRun({ runId, file }: { runId: string; file: string }) {
  const client = useWorkbenchStore((s) => s.client);
  const [state, setState] = useState<{ busy: boolean; outcome: RescoreOutcome | null; error: string | null }>({ busy: false, outcome: null, error: null });
  const rescore = async () => {
    if (!client) return;
    setState({ busy: true, outcome: null, error: null });
    const r = await client.call('runs.rescore', { runId, file });
    setState({ busy: false, outcome: r.ok ? r.value : null, error: r.ok ? null : describeError(r) });
    // The run's scores changed: views that show them reload.
    if (r.ok) useWorkbenchStore.getState().noteChange(0); // our own write: no database version to report
  };
  return (
    <div className="rescore" data-testid="rescore">
      <button type="button" className="button" disabled={state.busy} onClick={() => void rescore()} data-testid="rescore-button">
        {state.busy ? 'Re-scoring…' : `Re-score ${runId} with this file`}
      </button>
      <span className="muted small">no model call</span>
      {state.outcome && (
        <p role="status" data-testid="rescore-outcome">
          Re-scored: {outcomeText(state.outcome)}. Gate it again to update the verdicts: <code>canary-gate gate --run {runId}</code>
        </p>
      )}
      {state.error && (
        <p className="form-error" role="alert" data-testid="rescore-error">
          {state.error}
        </p>
      )}
    </div>
  );
}
