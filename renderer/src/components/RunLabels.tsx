import { INCOMPLETE_LABEL, type IncompleteRun } from '../../../shared/domain/gate-result.js';
import { AA_LABEL, isAaRun, type RunSummary } from '../../../shared/domain/run.js';

/** "A/A" for a run whose baseline and candidate are the same target (derived from the two fingerprints). */
export function AaLabel({ run }: { run: Pick<RunSummary, 'baseline' | 'candidate'> }) {
  if (!isAaRun(run)) return null;
  return (
    <span
      className="badge badge-aa"
      data-testid="aa-label"
      title={`Baseline and candidate are the same target (${run.baseline.fingerprint}): the run compares a target with itself, so its gates measure noise, not a change`}
    >
      {AA_LABEL}
    </span>
  );
}

/** "INCOMPLETE" next to the verdict of a partial run that was gated anyway (gate --allow-incomplete): it is never a PASS. */
export function IncompleteLabel({ incomplete }: { incomplete: IncompleteRun }) {
  return (
    <span
      className="badge badge-incomplete"
      data-testid="incomplete-label"
      title={`Gated while ${incomplete.missing_calls} of ${incomplete.expected_calls} calls had no result: a partial, biased sample, so no gate of it is PASS`}
    >
      {INCOMPLETE_LABEL}
    </span>
  );
}
