import { useState } from 'react';
import type { IntervalEstimate, VoteSummary } from '../../../../shared/domain/review-votes.js';
import { ErrorBox } from '../ErrorBox.js';
import { formatCount, formatPercent } from './case-format.js';

function interval(e: IntervalEstimate, format: (x: number | null) => string): string {
  if (e.lower === null || e.upper === null) return '';
  return `[${format(e.lower)}, ${format(e.upper)}]`;
}

const kappa = (x: number | null) => (x === null ? '—' : x.toFixed(2));

/**
 * What the votes on a run say: the candidate preference rate with its interval (ties and both-bad counted
 * apart), agreement between reviewers, and how to export the votes.
 */
export function ReviewSummary({ runId, summary, error, onDownload }: { runId: string; summary: VoteSummary | null; error: string | null; onDownload(): Promise<string | null> }) {
  const [downloadError, setDownloadError] = useState<string | null>(null);
  if (!summary) {
    return <section className="review-summary">{error ? <ErrorBox title="Could not load the vote summary" message={error} /> : <p className="muted">Loading the votes…</p>}</section>;
  }
  const pref = summary.candidate_preference;
  const decisive = summary.counts.baseline + summary.counts.candidate;
  return (
    <section className="review-summary" aria-labelledby="review-summary-title" data-testid="review-summary">
      <h2 id="review-summary-title">Votes on this run</h2>
      {error && <p className="form-error">Refresh failed: {error}</p>}
      <div className="preference">
        <span className="label">Candidate preferred</span>
        <span className="preference-value" data-testid="preference-rate">
          {formatPercent(pref.estimate)}
        </span>
        <span className="preference-interval num" data-testid="preference-interval">
          {interval(pref, formatPercent)}
        </span>
        <span className="hint">
          {decisive === 0
            ? 'No decisive vote yet: ties and both-bad are counted apart.'
            : `of ${formatCount(decisive)} decisive votes, ${Math.round(pref.level * 100)}% interval (${pref.method}); ties and both-bad counted apart`}
        </span>
      </div>
      <table className="vote-counts num">
        <tbody>
          <tr>
            <th scope="row">Candidate better</th>
            <td>{formatCount(summary.counts.candidate)}</td>
          </tr>
          <tr>
            <th scope="row">Baseline better</th>
            <td>{formatCount(summary.counts.baseline)}</td>
          </tr>
          <tr>
            <th scope="row">Tie</th>
            <td data-testid="tie-count">{formatCount(summary.counts.tie)}</td>
          </tr>
          <tr>
            <th scope="row">Both bad</th>
            <td data-testid="both-bad-count">{formatCount(summary.counts.both_bad)}</td>
          </tr>
          <tr className="total">
            <th scope="row">Votes</th>
            <td data-testid="vote-total">{formatCount(summary.votes)}</td>
          </tr>
          <tr>
            <th scope="row">Cases voted</th>
            <td>{formatCount(summary.cases_voted)}</td>
          </tr>
        </tbody>
      </table>
      <div className="agreement" data-testid="agreement">
        <span className="label">Agreement</span>
        {summary.agreement ? (
          <p>
            {summary.agreement.statistic === 'cohen_kappa' ? "Cohen's κ" : "Fleiss' κ"} <strong className="num">{kappa(summary.agreement.estimate)}</strong>{' '}
            <span className="num">{interval(summary.agreement, kappa)}</span>
            <span className="hint">
              {' '}
              {summary.agreement.raters} reviewers on {formatCount(summary.agreement.items)} common cases
            </span>
          </p>
        ) : (
          <p className="hint">Needs two reviewers voting on the same cases.</p>
        )}
        {summary.reviewers.length > 0 && (
          <ul className="reviewers">
            {summary.reviewers.map((r) => (
              <li key={r.reviewer}>
                {r.reviewer} <span className="num muted">{formatCount(r.votes)}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="export">
        <span className="label">Export</span>
        <button
          type="button"
          className="link-button"
          onClick={() => {
            setDownloadError(null);
            void onDownload().then(setDownloadError);
          }}
        >
          Download votes (JSONL)
        </button>
        <p className="hint">
          or from a terminal: <code>canary-gate review export --run {runId}</code>
        </p>
        {downloadError && <p className="form-error">{downloadError}</p>}
      </div>
    </section>
  );
}
