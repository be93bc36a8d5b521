import type { RunReports } from '../../../../shared/domain/run-overview.js';
import { formatTimestamp, shortDigest } from '../../format.js';
import { CopyButton } from '../CopyButton.js';
import { VerdictBadge } from '../VerdictBadge.js';

/**
 * The gate reports written for the run: verdict, signed or not, and their files as paths to copy (a browser
 * page served over http cannot open file:// links).
 */
export function ReportList({ reports, runId }: { reports: RunReports; runId: string }) {
  return (
    <section className="overview-card" aria-labelledby="reports-heading">
      <div className="card-head">
        <h2 id="reports-heading">Reports</h2>
      </div>
      {reports.reports.length === 0 ? (
        <p className="placeholder" data-testid="no-reports">
          No report written for this run yet: <code>canary-gate gate --run {runId} --out &lt;dir&gt;</code> writes and signs one.
        </p>
      ) : (
        <ol className="report-list" data-testid="report-list">
          {reports.reports.map((r) => (
            <li key={`${r.out_dir}-${r.created_at}`} className="report">
              <div className="report-head">
                <VerdictBadge verdict={r.verdict} />
                <span className={r.signed ? 'signed' : 'unsigned'} data-testid="report-signed">
                  {r.signed ? '✔ signed' : 'not signed'}
                </span>
                <span className="muted">{formatTimestamp(r.created_at)}</span>
                <code className="digest" title={`report ${r.report_sha256}`}>
                  {shortDigest(r.report_sha256)}
                </code>
              </div>
              <ul className="report-files">
                {r.files.map((f) => (
                  <li key={f.path} data-file={f.name}>
                    <span className="file-name">{f.name}</span>
                    <code className="file-path">{f.path}</code>
                    {f.exists ? <CopyButton text={f.path} label={`Copy the path of ${f.name}`} /> : <span className="warn">missing on disk</span>}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
