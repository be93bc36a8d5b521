import { useState } from 'react';
import type { CaseDetail } from '../../../../shared/domain/case-review.js';
import type { RunSummary } from '../../../../shared/domain/run.js';
import { ErrorBox } from '../ErrorBox.js';
import { AddToSuiteDialog } from '../suites/AddToSuiteDialog.js';
import { CaseComparison } from './CaseComparison.js';
import { ChangeBadge } from './ChangeBadge.js';

export interface CaseDetailViewProps {
  caseId: string;
  detail: CaseDetail | null;
  error: string | null;
  run: Pick<RunSummary, 'baseline' | 'candidate'> | null;
  onClose(): void;
  onStep(delta: 1 | -1): void;
  onRetry(): void;
  onNote(): void;
}

/** The open case next to (or over) the list: its facts, then the comparison with everything disclosed. */
export function CaseDetailView({ caseId, detail, error, run, onClose, onStep, onRetry, onNote }: CaseDetailViewProps) {
  // The case the dialog was opened for: j/k may move the view to another case while it is open.
  const [adding, setAdding] = useState<{ runId: string; caseId: string } | null>(null);
  return (
    <section className="case-detail" aria-labelledby="case-detail-title" data-testid="case-detail">
      <header className="case-detail-head">
        <div className="case-detail-title">
          <h2 id="case-detail-title">
            <span className="case-id">{caseId}</span>
          </h2>
          {detail && (
            <div className="case-facts">
              <ChangeBadge change={detail.change} />
              {detail.slice && <span className="fact">slice {detail.slice}</span>}
              <span className="fact">severity {detail.severity}</span>
              <span className="fact">{detail.origin}</span>
              {detail.tags.map((t) => (
                <span key={t} className="tag">
                  {t}
                </span>
              ))}
            </div>
          )}
        </div>
        <div className="case-detail-actions">
          <button type="button" className="button" onClick={() => onStep(-1)} aria-keyshortcuts="k" title="Previous case (k)">
            ↑ Prev
          </button>
          <button type="button" className="button" onClick={() => onStep(1)} aria-keyshortcuts="j" title="Next case (j)">
            ↓ Next
          </button>
          <button type="button" className="button" onClick={onNote} aria-keyshortcuts="n" title="Note (n)">
            Note
          </button>
          {detail && (
            <button type="button" className="button" onClick={() => setAdding({ runId: detail.run_id, caseId: detail.case_id })} data-testid="case-add-to-suite">
              Add to suite…
            </button>
          )}
          <button type="button" className="button" onClick={onClose} aria-keyshortcuts="Escape" title="Back to the list (Esc)">
            Close
          </button>
        </div>
      </header>
      {error && <ErrorBox title={`Could not load case ${caseId}`} message={error} onRetry={onRetry} />}
      {!detail && !error && <p className="muted case-loading">Loading case…</p>}
      {detail && (
        <CaseComparison
          key={`${detail.run_id}/${detail.case_id}`}
          detail={detail}
          baselineSide="left"
          disclosure="open"
          baselineTitle={run ? `Baseline · ${run.baseline.model}` : 'Baseline'}
          candidateTitle={run ? `Candidate · ${run.candidate.model}` : 'Candidate'}
        />
      )}
      {adding && <AddToSuiteDialog from={adding} what={`case ${adding.caseId}`} onClose={() => setAdding(null)} />}
    </section>
  );
}
