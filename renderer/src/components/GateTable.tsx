import type { GateEvaluation } from '../../../shared/domain/gate-result.js';
import { formatGateRow, gateEvidenceNotes, gateTableColumns } from '../../../shared/report/format-gate.js';
import { shortDigest } from '../format.js';
import { IncompleteLabel } from './RunLabels.js';
import { VerdictBadge } from './VerdictBadge.js';

/** One gate evaluation as a table: the same strings as the CLI and the reports (shared/report/format-gate). */
export function GateTable({ evaluation }: { evaluation: GateEvaluation }) {
  const { policy } = evaluation;
  return (
    <section className="gate-section" aria-label="Gate evaluation">
      <div className="gate-summary">
        <div className="overall">
          <span className="label">Overall verdict</span>
          <VerdictBadge verdict={evaluation.verdict} testId="overall-verdict" />
          {evaluation.incomplete && <IncompleteLabel incomplete={evaluation.incomplete} />}
        </div>
        <div className="policy" data-testid="policy">
          <span className="label">Policy</span>
          <strong className="policy-name">{policy.name}</strong>
          <code className="digest" title={policy.digest}>
            {shortDigest(policy.digest)}
          </code>
          <span className="policy-rule">
            one-sided {Math.round(policy.confidence * 1000) / 10}% bounds · {policy.decision} rule
          </span>
        </div>
      </div>
      {evaluation.incomplete && (
        <p className="incomplete-note" role="note" data-testid="incomplete-note">
          <strong>INCOMPLETE RUN</strong> — gated while {evaluation.incomplete.missing_calls} of {evaluation.incomplete.expected_calls} calls ({evaluation.incomplete.cases} cases × 2 arms ×{' '}
          {evaluation.incomplete.repeats}) had no result (run {evaluation.incomplete.status}). A partial run is a biased sample, so no gate of it is PASS. Complete it with{' '}
          <code>{evaluation.incomplete.resume}</code> and gate again.
        </p>
      )}
      <div className="table-wrap">
        <table className="gate-table" data-testid="gate-table">
          <thead>
            <tr>
              {gateTableColumns.map((c) => (
                <th key={c.key} scope="col" className={`col-${c.key}`}>
                  {c.title}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {evaluation.gates.map((gate, i) => {
              const row = formatGateRow(gate);
              return (
                <tr key={`${gate.metric}-${i}`} data-gate={gate.metric} className={`gate-row verdict-${gate.verdict.toLowerCase()}`} title={gate.reason}>
                  {gateTableColumns.map((c) => (
                    <td key={c.key} data-col={c.key} className={`col-${c.key}`}>
                      {c.key === 'verdict' ? (
                        <VerdictBadge verdict={row.verdict} />
                      ) : c.key === 'gate' ? (
                        <>
                          <span className="gate-name">{row.gate}</span>
                          <span className="gate-reason">
                            {gate.reason}
                            {gate.verdict === 'INCONCLUSIVE' && gate.samples_needed !== null && ` · ≈${gate.samples_needed} cases would decide it`}
                          </span>
                          <GateEvidence notes={gateEvidenceNotes(gate)} />
                        </>
                      ) : (
                        row[c.key]
                      )}
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** What a verdict is worth: the method's simulated error rates, the point rule's, the plan behind "cases needed". */
function GateEvidence({ notes }: { notes: string[] }) {
  if (notes.length === 0) return null;
  return (
    <details className="gate-evidence">
      <summary>Error rates</summary>
      <ul>
        {notes.map((n) => (
          <li key={n}>{n}</li>
        ))}
      </ul>
    </details>
  );
}
