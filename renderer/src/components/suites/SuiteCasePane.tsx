import { useState } from 'react';
import type { CaseStatus } from '../../../../shared/domain/suite.js';
import type { SuiteLintFinding } from '../../../../shared/domain/suite-view.js';
import { formatTimestamp } from '../../format.js';
import type { SuiteCaseDetail } from '../../stores/suites-store.js';
import { ErrorBox } from '../ErrorBox.js';
import { InputPanel } from '../cases/InputPanel.js';
import { LongText } from '../cases/LongText.js';
import { ExpectationEditor } from './ExpectationEditor.js';
import { FindingList } from './FindingList.js';
import { RescoreRun } from './RescoreRun.js';

/** The moves a reviewer can make from each status (the engine enforces the same lifecycle). */
const MOVES: Record<CaseStatus, { to: CaseStatus; label: string; key: string }[]> = {
  draft: [
    { to: 'active', label: 'Activate', key: 'a' },
    { to: 'retired', label: 'Retire', key: 'r' },
  ],
  active: [{ to: 'retired', label: 'Retire', key: 'r' }],
  retired: [{ to: 'active', label: 'Reinstate', key: 'a' }],
};

export interface SuiteCasePaneProps {
  file: string;
  caseId: string;
  detail: SuiteCaseDetail | null;
  error: string | null;
  /** Who status changes are recorded as; null until named. */
  reviewer: string | null | undefined;
  busy: boolean;
  actionError: string | null;
  onStatus(status: CaseStatus): void;
  onClose(): void;
  onRetry(): void;
  onSaved(): void;
}

function Findings({ findings }: { findings: SuiteLintFinding[] }) {
  if (findings.length === 0) return null;
  const errors = findings.filter((f) => f.severity === 'error').length;
  const problems = findings.filter((f) => f.severity !== 'info').length;
  const title = problems === 0 ? 'Suite lint notes' : `${problems === 1 ? '1 problem' : `${problems} problems`} found by suite lint`;
  return (
    <section className={`lint-findings${errors ? ' has-errors' : problems === 0 ? ' only-info' : ''}`} aria-labelledby="lint-findings-title" data-testid="case-findings">
      <h3 id="lint-findings-title">{title}</h3>
      <FindingList findings={findings} />
      {problems > 0 && <p className="hint">Fix it in the expectations below: the preview shows the verdicts before you save.</p>}
    </section>
  );
}

function Provenance({ detail }: { detail: SuiteCaseDetail }) {
  const p = detail.provenance;
  const facts: [string, string][] = [];
  if (p) {
    if (p.source) facts.push(['Source', p.source]);
    if (p.file) facts.push(['File', `${p.file}${p.line !== null ? `:${p.line}` : ''}`]);
    if (p.trace_id) facts.push(['Trace', p.trace_id]);
    if (p.sample_id !== null) facts.push(['Sample', String(p.sample_id)]);
    if (p.captured_at) facts.push(['Captured', formatTimestamp(p.captured_at)]);
    if (!p.source && p.text) facts.push(['From', p.text]);
  }
  if (detail.cluster) facts.push(['Cluster', detail.cluster]);
  return (
    <section className="case-section" aria-labelledby="case-provenance-title">
      <h3 id="case-provenance-title">Provenance</h3>
      {facts.length === 0 ? (
        <p className="placeholder">Written by hand: no recorded source.</p>
      ) : (
        <dl className="suite-facts">
          {facts.map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}

function History({ detail }: { detail: SuiteCaseDetail }) {
  return (
    <section className="case-section" aria-labelledby="case-history-title">
      <h3 id="case-history-title">Status history</h3>
      {detail.status_history.length === 0 ? (
        <p className="placeholder">No status change recorded.</p>
      ) : (
        <ol className="status-history" data-testid="status-history">
          {detail.status_history.map((h, i) => (
            <li key={i}>
              <span className={`status-badge status-${h.status}`}>{h.status}</span> by <strong>{h.by}</strong> <span className="muted">{formatTimestamp(h.at)}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function StoredAnswers({ detail, file }: { detail: SuiteCaseDetail; file: string }) {
  const run = detail.latest_run;
  if (!run) return null;
  const arms = [
    { title: `Baseline · ${run.baseline.model}`, attempt: run.baseline.attempts[0] },
    { title: `Candidate · ${run.candidate.model}`, attempt: run.candidate.attempts[0] },
  ];
  return (
    <section className="case-section" aria-labelledby="case-answers-title">
      <h3 id="case-answers-title">
        Stored answers <span className="muted">· run {run.run_id}</span>
      </h3>
      <div className="suite-answers">
        {arms.map((a) => (
          <div key={a.title} className="suite-answer">
            <h4>{a.title}</h4>
            {a.attempt?.output_text ? <LongText className="message-text" text={a.attempt.output_text} limit={600} /> : <p className="placeholder">{a.attempt?.error ?? 'No answer.'}</p>}
          </div>
        ))}
      </div>
      <RescoreRun runId={run.run_id} file={file} />
    </section>
  );
}

/** One case of a suite file: status and its actions, lint findings, the expectation editor with its preview, input, provenance, history. */
export function SuiteCasePane({ file, caseId, detail, error, reviewer, busy, actionError, onStatus, onClose, onRetry, onSaved }: SuiteCasePaneProps) {
  const [showInput, setShowInput] = useState(true);
  return (
    <section className="suite-case" aria-labelledby="suite-case-title" data-testid="suite-case">
      <header className="suite-case-head">
        <div className="suite-case-title">
          <h2 id="suite-case-title">
            <span className="case-id">{caseId}</span>
          </h2>
          {detail && (
            <div className="case-facts">
              <span className={`status-badge status-${detail.status}`} data-testid="suite-case-status">
                {detail.status}
              </span>
              {detail.slice && <span className="fact">slice {detail.slice}</span>}
              <span className="fact">severity {detail.severity}</span>
              <span className="fact">{detail.origin}</span>
              {detail.line !== null && (
                <span className="fact">
                  <code>
                    {file}:{detail.line}
                  </code>
                </span>
              )}
              {detail.tags.map((t) => (
                <span key={t} className="tag">
                  {t}
                </span>
              ))}
            </div>
          )}
        </div>
        <div className="suite-case-actions">
          {detail &&
            MOVES[detail.status].map((m) => (
              <button key={m.to} type="button" className="button" disabled={busy} onClick={() => onStatus(m.to)} aria-keyshortcuts={m.key} title={`${m.label} (${m.key})`} data-testid={`status-${m.to}`}>
                {m.label}
              </button>
            ))}
          <button type="button" className="button" onClick={onClose} aria-keyshortcuts="Escape" title="Back to the list (Esc)">
            Close
          </button>
        </div>
      </header>
      {reviewer === null && detail && <p className="hint suite-reviewer-note">Status changes are recorded with your name: you will be asked for it once.</p>}
      {actionError && (
        <p className="form-error" role="alert" data-testid="suite-action-error">
          {actionError}
        </p>
      )}
      {error && <ErrorBox title={`Could not load case ${caseId}`} message={error} onRetry={onRetry} />}
      {!detail && !error && <p className="muted case-loading">Loading case…</p>}
      {detail && (
        <div className="suite-case-body">
          <Findings findings={detail.findings} />
          <ExpectationEditor key={`${detail.case_id}/${detail.revision}`} file={file} caseId={detail.case_id} initial={detail.expectations_yaml} revision={detail.revision} onSaved={onSaved} />
          <StoredAnswers detail={detail} file={file} />
          {detail.reference !== null && (
            <section className="case-section" aria-labelledby="case-reference-title">
              <h3 id="case-reference-title">Reference answer</h3>
              <p className="suite-reference">{detail.reference}</p>
            </section>
          )}
          <div className="suite-input-toggle">
            <button type="button" className="button" aria-expanded={showInput} onClick={() => setShowInput((v) => !v)}>
              {showInput ? 'Hide input' : 'Show input'}
            </button>
          </div>
          {showInput && <InputPanel input={detail.input} />}
          <Provenance detail={detail} />
          <History detail={detail} />
        </div>
      )}
    </section>
  );
}
