import { useCallback, useEffect, useState } from 'react';
import type { WorkbenchClient } from '../../../shared/contract/index.js';
import type { JudgeSummary } from '../../../shared/domain/judge-summary.js';
import type { IntervalEstimate } from '../../../shared/domain/review-votes.js';
import { useWorkbenchStore } from '../stores/workbench-store.js';
import { ErrorBox } from './ErrorBox.js';
import '../styles/judges.css';

const pct = (x: number | null) => (x === null ? '—' : `${(100 * x).toFixed(1)} %`);
const usd = (x: number) => `$${x.toFixed(4)}`;

/** "22.1 % – 63.4 %", or why there is no interval. */
function intervalText(r: IntervalEstimate): string {
  if (r.lower === null || r.upper === null) return r.reason ?? '—';
  return `${pct(r.lower)} – ${pct(r.upper)}`;
}

/** A 0–100 % track with the estimate as a dot, its interval as a bar and 50 % marked (no preference, no position bias). */
function RateBar({ rate, label }: { rate: IntervalEstimate; label: string }) {
  const x = (v: number) => `${(100 * v).toFixed(2)}%`;
  return (
    <svg className="judge-rate-bar" viewBox="0 0 200 14" preserveAspectRatio="none" role="img" aria-label={`${label}: ${pct(rate.estimate)}, ${Math.round(100 * rate.level)} % interval ${intervalText(rate)}`}>
      <rect className="judge-rate-track" x="0" y="6" width="200" height="2" />
      <line className="judge-rate-mid" x1="100" x2="100" y1="1" y2="13" />
      {rate.lower !== null && rate.upper !== null && <rect className="judge-rate-interval" x={x(rate.lower)} y="4" width={x(rate.upper - rate.lower)} height="6" />}
      {rate.estimate !== null && <circle className="judge-rate-dot" cx={x(rate.estimate)} cy="7" r="3.5" />}
    </svg>
  );
}

function RateRow({ label, rate, basis, testId }: { label: string; rate: IntervalEstimate; basis: string; testId: string }) {
  return (
    <tr data-testid={testId}>
      <th scope="row">{label}</th>
      <td className="num">{pct(rate.estimate)}</td>
      <td className="num">{intervalText(rate)}</td>
      <td>
        <RateBar rate={rate} label={label} />
      </td>
      <td className="judge-basis">{basis}</td>
    </tr>
  );
}

function PairwiseSection({ p }: { p: NonNullable<JudgeSummary['pairwise']> }) {
  const decisive = p.counts.candidate + p.counts.baseline;
  const level = `${Math.round(100 * p.candidateWinRate.level)} % interval`;
  return (
    <>
      <p className="judge-lead">
        Judge <strong>{p.judge}</strong> compared both answers of {p.pairs} pair(s) on {p.cases} case(s), each in both orders (a disagreement between
        the orders counts as a tie): candidate {p.counts.candidate}, baseline {p.counts.baseline}, tie {p.counts.tie}.
      </p>
      <div className="table-wrap">
        <table className="judge-table" data-testid="pairwise-rates">
          <thead>
            <tr>
              <th scope="col">Pairwise judge</th>
              <th scope="col" className="num">estimate</th>
              <th scope="col" className="num">{level}</th>
              <th scope="col">
                <span className="sr-only">chart, 0 to 100 %, 50 % marked</span>
              </th>
              <th scope="col">of</th>
            </tr>
          </thead>
          <tbody>
            <RateRow testId="judge-win-rate" label="Candidate win rate" rate={p.candidateWinRate} basis={`${p.counts.candidate} of ${decisive} decisive pairs`} />
            <RateRow testId="judge-tie-rate" label="Ties" rate={p.tieRate} basis={`${p.counts.tie} of ${p.pairs} pairs`} />
            <RateRow testId="judge-first-position" label="Picked the answer shown first" rate={p.firstPositionRate} basis="decisive single-order verdicts (50 % = no position bias)" />
            <RateRow testId="judge-order-disagreement" label="Orders disagreed" rate={p.orderDisagreementRate} basis={`of ${p.pairs} pairs`} />
          </tbody>
        </table>
      </div>
      <p className="judge-foot" data-testid="pairwise-foot">
        {p.judgements} judgement(s), {p.judgeErrors} judge error(s) (left out), {usd(p.costUsd)}
      </p>
    </>
  );
}

function RubricSection({ r }: { r: NonNullable<JudgeSummary['rubric']> }) {
  const arms = [
    ['baseline', r.baseline],
    ['candidate', r.candidate],
  ] as const;
  return (
    <div className="table-wrap">
      <table className="judge-table" data-testid="rubric-grades">
        <thead>
          <tr>
            <th scope="col">Rubric judges</th>
            <th scope="col" className="num">graded</th>
            <th scope="col" className="num">passed</th>
            <th scope="col" className="num">mean grade</th>
          </tr>
        </thead>
        <tbody>
          {arms.map(([arm, a]) => (
            <tr key={arm} data-arm={arm}>
              <th scope="row">{arm}</th>
              <td className="num">{a.graded}</td>
              <td className="num">{a.passed}</td>
              <td className="num">{a.meanGrade === null ? '—' : a.meanGrade.toFixed(2)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td colSpan={4}>
              {r.judgements} judgement(s), {r.judgeErrors} judge error(s) (neither pass nor fail), {usd(r.costUsd)}
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

type Loaded = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; summary: JudgeSummary };

/**
 * What the judges said about a run (judges.summary): the pairwise judge's candidate win rate with its interval and
 * its position bias, and the rubric judges' grades per arm. Renders nothing for a run whose suite has no judges.
 */
export function PairwiseJudgePanel({ runId, client: given }: { runId: string; client?: WorkbenchClient }) {
  const storeClient = useWorkbenchStore((s) => s.client);
  const changeCount = useWorkbenchStore((s) => s.changeCount);
  const client = given ?? storeClient;
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  useEffect(() => {
    if (!client) return;
    let live = true;
    setLoaded({ state: 'loading' });
    void client.call('judges.summary', { runId }).then((r) => {
      if (!live) return;
      setLoaded(r.ok ? { state: 'ready', summary: r.value } : { state: 'error', message: r.error.message });
    });
    return () => {
      live = false;
    };
  }, [client, runId, changeCount, attempt]);
  // Most runs have no judges: show nothing until the summary says there are some (no card that flashes and goes).
  if (loaded.state === 'loading' || (loaded.state === 'ready' && !loaded.summary.pairwise && !loaded.summary.rubric)) return null;
  return (
    <section className="overview-card judge-panel" aria-labelledby="judge-heading" data-testid="judge-panel">
      <div className="card-head">
        <h2 id="judge-heading">Model-graded judges</h2>
        {loaded.state === 'ready' && (
          <span className="judge-cost" data-testid="judge-cost">
            {loaded.summary.calls} call(s), {loaded.summary.cacheHits} from cache · {usd(loaded.summary.costUsd)}
          </span>
        )}
      </div>
      {loaded.state === 'error' && <ErrorBox title="Could not load the judges" message={loaded.message} onRetry={retry} testId="judge-error" />}
      {loaded.state === 'ready' && loaded.summary.pairwise && <PairwiseSection p={loaded.summary.pairwise} />}
      {loaded.state === 'ready' && loaded.summary.rubric && <RubricSection r={loaded.summary.rubric} />}
    </section>
  );
}
