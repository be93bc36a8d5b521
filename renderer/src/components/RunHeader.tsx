import type { RunDetail } from '../../../shared/domain/run.js';
import { formatTimestamp, shortDigest } from '../format.js';
import { AaLabel } from './RunLabels.js';
import { RunShardLabel } from './RunShardLabel.js';
import { TargetLabel } from './TargetLabel.js';
import { VerdictBadge } from './VerdictBadge.js';

/** What was compared in a run: suite version, both targets, its state, and how many calls it made. */
export function RunHeader({ run }: { run: RunDetail }) {
  return (
    <header className="run-header">
      <h1 className="run-title">
        <span className="run-id">{run.id}</span>
        <VerdictBadge verdict={run.verdict} />
        <span className={`status status-${run.status}`}>{run.status}</span>
        <RunShardLabel run={run} />
        <AaLabel run={run} />
      </h1>
      <dl className="run-facts">
        <div>
          <dt>Suite</dt>
          <dd>
            {run.suite.name}{' '}
            <code className="digest" title={run.suite.digest}>
              {shortDigest(run.suite.digest)}
            </code>
          </dd>
        </div>
        <div className="run-targets">
          <dt>Baseline → candidate</dt>
          <dd>
            <TargetLabel target={run.baseline} /> <span className="arrow" aria-label="to">→</span> <TargetLabel target={run.candidate} />
          </dd>
        </div>
        <div>
          <dt>Cases · results · infra errors</dt>
          <dd className="nums">
            {run.cases} · {run.results} · <span className={run.infra_errors > 0 ? 'warn' : undefined}>{run.infra_errors}</span>
          </dd>
        </div>
        {run.missing_calls !== undefined && run.missing_calls > 0 && (
          <div data-testid="missing-calls">
            <dt>Calls without a result</dt>
            <dd className="warn" title="A partial run: gate refuses it (or, with --allow-incomplete, labels its report INCOMPLETE and never PASS) until the replay is resumed">
              {run.missing_calls} of {run.expected_calls} · INCOMPLETE
            </dd>
          </div>
        )}
        {run.unreplayable_tool_calls > 0 && (
          <div>
            <dt>Unreplayable tool calls</dt>
            <dd className="warn" title="The model called a tool with arguments no recorded tool result matches; no result was invented and the case is not judged.">
              {run.unreplayable_tool_calls}
            </dd>
          </div>
        )}
        <div>
          <dt>Created</dt>
          <dd>{formatTimestamp(run.created_at)}</dd>
        </div>
        {run.gate_evaluated_at && (
          <div>
            <dt>Gated</dt>
            <dd>{formatTimestamp(run.gate_evaluated_at)}</dd>
          </div>
        )}
      </dl>
    </header>
  );
}
