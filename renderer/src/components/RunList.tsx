import type { RunSummary } from '../../../shared/domain/run.js';
import { formatTimestamp } from '../format.js';
import { AaLabel } from './RunLabels.js';
import { RunShardLabel } from './RunShardLabel.js';
import { TargetLabel } from './TargetLabel.js';
import { VerdictBadge } from './VerdictBadge.js';

export interface RunListProps {
  runs: readonly RunSummary[];
  selectedId: string | null;
  onSelect(runId: string): void;
}

/** The runs of the workspace, newest first; each is a button that selects it. */
export function RunList({ runs, selectedId, onSelect }: RunListProps) {
  return (
    <ul className="run-list" data-testid="run-list">
      {runs.map((run) => {
        const selected = run.id === selectedId;
        return (
          <li key={run.id}>
            <button
              type="button"
              className={selected ? 'run-item selected' : 'run-item'}
              data-run-id={run.id}
              aria-current={selected ? 'true' : undefined}
              onClick={() => onSelect(run.id)}
            >
              <span className="run-item-top">
                <span className="run-id">{run.id}</span>
                <VerdictBadge verdict={run.verdict} />
              </span>
              <span className="run-item-meta">
                <span className="run-created">{formatTimestamp(run.created_at)}</span>
                <span className="run-suite">{run.suite.name}</span>
                <RunShardLabel run={run} />
                <AaLabel run={run} />
                {run.status !== 'completed' && <span className={`status status-${run.status}`}>{run.status}</span>}
              </span>
              <span className="run-item-models">
                <TargetLabel target={run.baseline} />
                <span className="arrow" aria-label="to">→</span>
                <TargetLabel target={run.candidate} />
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
