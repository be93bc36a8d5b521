import type { KeyboardEvent } from 'react';
import type { ReplayProgress, RunSummary } from '../../../shared/domain/run.js';
import { formatTimestamp } from '../format.js';
import { hrefOf } from '../routing/use-route.js';
import { AaLabel } from './RunLabels.js';
import { RunShardLabel } from './RunShardLabel.js';
import { TargetLabel } from './TargetLabel.js';
import { VerdictBadge } from './VerdictBadge.js';

export interface RunListProps {
  runs: readonly RunSummary[];
  selectedId: string | null;
  /** Replays in flight by run id: their runs show how far they are. */
  progress?: Readonly<Record<string, ReplayProgress>>;
}

/** Up and down arrows move between the runs, Home and End to the first and last, instead of one Tab per run. */
function onListKey(e: KeyboardEvent<HTMLUListElement>) {
  const links = [...e.currentTarget.querySelectorAll<HTMLAnchorElement>('a.run-item')];
  const at = links.indexOf(document.activeElement as HTMLAnchorElement);
  if (at < 0) return;
  const next = e.key === 'ArrowDown' ? at + 1 : e.key === 'ArrowUp' ? at - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? links.length - 1 : null;
  if (next === null) return;
  e.preventDefault();
  links[Math.max(0, Math.min(links.length - 1, next))]!.focus();
}

/** The runs of the workspace, newest first; each is a link to its overview, so Back and middle-click work. */
export function RunList({ runs, selectedId, progress = {} }: RunListProps) {
  // One tab stop for the whole list (the open run, else the first); arrows move within it.
  const tabStop = runs.some((r) => r.id === selectedId) ? selectedId : runs[0]?.id;
  return (
    <ul className="run-list" data-testid="run-list" onKeyDown={onListKey}>
      {runs.map((run) => {
        const selected = run.id === selectedId;
        const live = progress[run.id];
        return (
          <li key={run.id}>
            <a className={selected ? 'run-item selected' : 'run-item'} data-run-id={run.id} aria-current={selected ? 'page' : undefined} tabIndex={run.id === tabStop ? 0 : -1} href={hrefOf({ screen: 'run', runId: run.id })}>
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
                {live && (!live.state || live.state === 'running') && (
                  <span className="run-live">
                    replaying {live.done}/{live.total}
                  </span>
                )}
              </span>
              <span className="run-item-models">
                <TargetLabel target={run.baseline} />
                <span className="arrow" aria-label="to">
                  →
                </span>
                <TargetLabel target={run.candidate} />
              </span>
            </a>
          </li>
        );
      })}
    </ul>
  );
}
