import type { ScoreDetail } from '../../../../shared/domain/case-review.js';
import type { ScoreRow } from './case-format.js';

function ScoreCell({ score }: { score: ScoreDetail | null }) {
  if (!score) return <td className="score-cell muted">not scored</td>;
  return (
    <td className={`score-cell ${score.passed ? 'passed' : 'failed'}`}>
      <span className={`badge ${score.passed ? 'badge-pass' : 'badge-fail'}`}>{score.passed ? 'PASS' : 'FAIL'}</span>
      <span className="score-reason">{score.reason}</span>
    </td>
  );
}

/** Every expectation of both arms with its verdict and reason; failures first. */
export function ScoreTable({ rows, leftTitle, rightTitle, pick }: { rows: ScoreRow[]; leftTitle: string; rightTitle: string; pick: 'baseline-left' | 'baseline-right' }) {
  if (rows.length === 0) return <p className="muted">No expectations were scored for this attempt.</p>;
  return (
    <div className="table-wrap">
      <table className="data-table score-table" data-testid="score-table">
        <thead>
          <tr>
            <th scope="col">Expectation</th>
            <th scope="col">{leftTitle}</th>
            <th scope="col">{rightTitle}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const s = r.candidate ?? r.baseline!;
            return (
              <tr key={r.name} data-score={r.name}>
                <th scope="row">
                  <span className="score-name">{r.name}</span>
                  <span className="score-meta">
                    {s.scorer} · {s.category} · {s.severity}
                  </span>
                </th>
                <ScoreCell score={pick === 'baseline-left' ? r.baseline : r.candidate} />
                <ScoreCell score={pick === 'baseline-left' ? r.candidate : r.baseline} />
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
