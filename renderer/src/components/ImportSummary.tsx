import type { ImportResult } from '../../../shared/domain/import.js';
import { formatCounts } from '../format.js';
import { hrefOf } from '../routing/use-route.js';
import { FileTable } from './FileTable.js';
import { RedactionCounts } from './RedactionCounts.js';
import { RejectList } from './RejectList.js';

const COUNTS: { key: 'imported' | 'duplicates' | 'rejected' | 'rejected_parts' | 'not_sampled' | 'skipped'; title: string; hint: string }[] = [
  { key: 'imported', title: 'Imported', hint: 'New samples stored in the workspace' },
  { key: 'duplicates', title: 'Duplicates', hint: 'Already in the workspace (same request), not stored again' },
  { key: 'rejected', title: 'Rejected', hint: 'Records that could not be read or mapped; listed below and in the rejects file' },
  { key: 'rejected_parts', title: 'Rejected parts', hint: 'Spans or observations that failed while the rest of their record imported' },
  { key: 'not_sampled', title: 'Not sampled', hint: 'Valid samples left out by the stratified sample' },
  { key: 'skipped', title: 'Skipped', hint: 'Valid parts of records that are not model calls' },
];

/** What an import did: the counts, the redactions and slices, and where the rejected records were written. */
export function ImportSummary({ result }: { result: ImportResult }) {
  const slices = formatCounts(result.slices);
  const allocation = result.sample_allocation ? formatCounts(result.sample_allocation) : null;
  return (
    <section className="panel import-summary" data-testid="import-summary" aria-label="Import summary">
      <h2>{result.interrupted ? 'Import interrupted' : 'Import finished'}</h2>
      {result.interrupted && <p className="warning-box">The import stopped before the end: whole batches were stored, and running it again adds the rest.</p>}
      {result.imported + result.duplicates > 0 && (
        <div className="import-next" data-testid="import-next">
          <span className="import-next-label">Next step</span>
          <a className="button primary" href={hrefOf({ screen: 'replay' })}>
            Replay this traffic →
          </a>
          <a className="button" href={hrefOf({ screen: 'traffic', filter: {} })}>
            Browse the samples
          </a>
          <span className="hint">Replay the suite against a candidate target, with a cost estimate before anything is spent.</span>
        </div>
      )}
      <dl className="count-grid">
        {COUNTS.map((c) => (
          <div key={c.key} data-count={c.key} title={c.hint}>
            <dt>{c.title}</dt>
            <dd>{result[c.key]}</dd>
          </div>
        ))}
      </dl>
      <dl className="facts">
        <div>
          <dt>Redactions</dt>
          <dd>
            <RedactionCounts redacted={result.redacted} counts={result.redactions} testId="summary-redactions" />
          </dd>
        </div>
        <div>
          <dt>Slices</dt>
          <dd data-testid="summary-slices">{slices || 'none'}</dd>
        </div>
        {allocation !== null && (
          <div>
            <dt>Sample per slice</dt>
            <dd>{allocation || 'none'}</dd>
          </div>
        )}
        <div>
          <dt>Rejects file</dt>
          <dd data-testid="summary-rejects-file">{result.rejects_file ? <code>{result.rejects_file}</code> : 'none: nothing was rejected'}</dd>
        </div>
      </dl>
      <h3>Files</h3>
      <FileTable files={result.files} testId="summary-files" />
      <RejectList title="Rejected records" items={result.rejects} total={result.rejected} testId="summary-rejects" />
      <RejectList title="File errors" items={result.file_errors} testId="summary-file-errors" />
    </section>
  );
}
