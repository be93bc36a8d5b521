// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { JudgeSummary } from '../../../shared/domain/judge-summary.js';
import { fakeClient } from '../testing/fake-client.js';
import { PairwiseJudgePanel } from './PairwiseJudgePanel.js';

const rate = (estimate: number | null, lower: number | null, upper: number | null, reason?: string) => ({
  estimate, lower, upper, level: 0.95, method: 'wilson', ...(reason ? { reason } : {}),
});

const summary: JudgeSummary = {
  runId: 'run-1',
  pairwise: {
    judge: 'judge',
    pairs: 120,
    cases: 120,
    counts: { candidate: 6, baseline: 24, tie: 90 },
    candidateWinRate: rate(0.2, 0.095, 0.373),
    tieRate: rate(0.75, 0.665, 0.819),
    firstPositionRate: rate(0.616, 0.508, 0.714),
    orderDisagreementRate: rate(0.267, 0.196, 0.352),
    judgements: 242,
    judgeErrors: 2,
    costUsd: 0.1498,
  },
  rubric: {
    judgements: 140,
    judgeErrors: 1,
    costUsd: 0.0823,
    baseline: { graded: 70, passed: 70, meanGrade: 4.99 },
    candidate: { graded: 69, passed: 57, meanGrade: 4.2391 },
  },
  calls: 390,
  cacheHits: 12,
  costUsd: 0.2321,
};

afterEach(cleanup);

describe('PairwiseJudgePanel', () => {
  it('shows the candidate win rate with its interval, the position bias, the rubric grades and the cost', async () => {
    const client = fakeClient({ 'judges.summary': () => ({ ok: true, value: summary }) });
    render(<PairwiseJudgePanel runId="run-1" client={client} />);
    const win = await screen.findByTestId('judge-win-rate');
    expect(client.callsOf('judges.summary')).toEqual([{ runId: 'run-1' }]);
    const cells = (testId: string) => [...screen.getByTestId(testId).querySelectorAll('td')].map((td) => td.textContent);
    expect(cells('judge-win-rate')).toEqual(['20.0 %', '9.5 % – 37.3 %', '', '6 of 30 decisive pairs']);
    expect(within(win).getByRole('img').getAttribute('aria-label')).toBe('Candidate win rate: 20.0 %, 95 % interval 9.5 % – 37.3 %');
    expect(cells('judge-first-position').slice(0, 2)).toEqual(['61.6 %', '50.8 % – 71.4 %']);
    expect(cells('judge-order-disagreement').slice(0, 2)).toEqual(['26.7 %', '19.6 % – 35.2 %']);
    expect(screen.getByTestId('pairwise-foot').textContent).toBe('242 judgement(s), 2 judge error(s) (left out), $0.1498');
    const rubric = screen.getByTestId('rubric-grades');
    expect([...rubric.querySelectorAll('tr[data-arm="candidate"] td')].map((td) => td.textContent)).toEqual(['69', '57', '4.24']);
    expect(screen.getByTestId('judge-cost').textContent).toBe('390 call(s), 12 from cache · $0.2321');
    // The interval bar spans the interval on a 0–100 % track.
    const interval = win.querySelector('.judge-rate-interval')!;
    expect(interval.getAttribute('x')).toBe('9.50%');
    expect(interval.getAttribute('width')).toBe('27.80%');
  });

  it('says why a rate has no estimate or interval', async () => {
    const noPairs = { ...summary.pairwise!, pairs: 0, counts: { candidate: 0, baseline: 0, tie: 0 }, candidateWinRate: rate(null, null, null, 'no votes yet') };
    const client = fakeClient({ 'judges.summary': () => ({ ok: true, value: { ...summary, pairwise: noPairs, rubric: null } }) });
    render(<PairwiseJudgePanel runId="run-1" client={client} />);
    const win = await screen.findByTestId('judge-win-rate');
    expect([...win.querySelectorAll('td')].slice(0, 2).map((td) => td.textContent)).toEqual(['—', 'no votes yet']);
    expect(win.querySelector('.judge-rate-dot')).toBeNull();
    expect(screen.queryByTestId('rubric-grades')).toBeNull();
  });

  it('renders nothing for a run without judges', async () => {
    const client = fakeClient({ 'judges.summary': () => ({ ok: true, value: { runId: 'run-2', pairwise: null, rubric: null, calls: 0, cacheHits: 0, costUsd: 0 } }) });
    render(<PairwiseJudgePanel runId="run-2" client={client} />);
    await waitFor(() => expect(screen.queryByTestId('judge-panel')).toBeNull());
    expect(client.callsOf('judges.summary')).toEqual([{ runId: 'run-2' }]);
  });

  it('shows a failed call with its message and retries it', async () => {
    let fail = true;
    const client = fakeClient({
      'judges.summary': () => (fail ? { ok: false, error: { code: 'not_found', message: 'no run "run-x" in this workspace' } } : { ok: true, value: summary }),
    });
    render(<PairwiseJudgePanel runId="run-x" client={client} />);
    const error = await screen.findByTestId('judge-error');
    expect(error.textContent).toContain('no run "run-x" in this workspace');
    fail = false;
    fireEvent.click(within(error).getByRole('button', { name: 'Retry' }));
    await screen.findByTestId('judge-win-rate');
    expect(client.callsOf('judges.summary')).toHaveLength(2);
  });
});
