// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Vote } from '../../../shared/domain/review-votes.js';
import { baselineSide } from '../../../shared/review/index.js';
import { App } from '../App.js';
import { parseRoute } from '../routing/route.js';
import { useCasesStore } from '../stores/cases-store.js';
import { useReviewCasesStore, useReviewStore } from '../stores/review-store.js';
import { useRunsStore } from '../stores/runs-store.js';
import { caseIdAt, caseResponders, RUN_ID } from '../testing/case-fixtures.js';
import { fakeClient, type FakeClient } from '../testing/fake-client.js';

const REVIEWER = 'Ana';

function open(hash: string, opts: { reviewer?: string | null; votes?: Vote[] } = { reviewer: REVIEWER }): FakeClient {
  const client = fakeClient(caseResponders(400, opts));
  window.location.hash = hash;
  render(<App client={client} />);
  return client;
}

/** The first case (by position) whose baseline this reviewer sees on `side`. */
function firstCaseWithBaselineOn(side: 'left' | 'right'): string {
  for (let i = 0; i < 400; i += 1) if (baselineSide(REVIEWER, RUN_ID, caseIdAt(i)) === side) return caseIdAt(i);
  throw new Error('no such case');
}

const key = (k: string) => fireEvent.keyDown(window, { key: k });
const blindCase = () => screen.getByTestId('blind-case');

beforeEach(() => {
  window.location.hash = '';
});

afterEach(() => {
  cleanup();
  useCasesStore.getState().reset();
  useReviewCasesStore.getState().reset();
  useReviewStore.getState().reset();
  useRunsStore.getState().reset();
});

describe('ReviewScreen', () => {
  it('asks the reviewer name once, keeps it in the workspace, then starts at the first case', async () => {
    const client = open(`#/runs/${RUN_ID}/review`, { reviewer: null });
    const form = await screen.findByTestId('reviewer-form');
    expect(screen.queryByTestId('blind-case')).toBeNull();
    fireEvent.click(within(form).getByRole('button', { name: 'Start reviewing' }));
    expect((await within(form).findByRole('alert')).textContent).toBe('Type a name of 1 to 80 characters.');
    fireEvent.change(within(form).getByLabelText('Your name'), { target: { value: '  Ana ' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Start reviewing' }));
    await waitFor(() => expect(client.callsOf('workspace.setReviewer')).toEqual([{ reviewer: 'Ana' }]));
    await waitFor(() => expect(parseRoute(window.location.hash)).toEqual({ screen: 'review', runId: RUN_ID, filter: {}, caseId: caseIdAt(0) }));
    await screen.findByTestId('blind-case');
    expect(client.callsOf('reviews.list')).toEqual([{ runId: RUN_ID, reviewer: 'Ana' }]);
  });

  it('hides names, scores, figures and the diff direction before the vote and reveals them after', async () => {
    const caseId = firstCaseWithBaselineOn('right');
    open(`#/runs/${RUN_ID}/review/${caseId}`);
    await within(await screen.findByTestId('blind-case')).findByTestId('answer-left');
    const before = blindCase();
    expect(before.getAttribute('data-revealed')).toBe('false');
    expect(within(before).getByTestId('answer-left').querySelector('h3')!.textContent).toBe('Left');
    expect(within(before).getByTestId('answer-right').querySelector('h3')!.textContent).toBe('Right');
    for (const hidden of [/baseline/i, /candidate/i, /gpt-4\.1-mini/, /sim-baseline/, /Regression/, /ms$/, /\$0/]) expect(before.textContent).not.toMatch(hidden);
    expect(within(before).queryByTestId('score-table')).toBeNull();
    expect(before.querySelectorAll('del, ins').length).toBe(0);
    expect(before.querySelectorAll('.diff-changed').length).toBeGreaterThan(0);
    expect(before.querySelector('mark.citation.fabricated')).toBeNull();

    key('1');
    await within(blindCase()).findByTestId('reveal');
    const after = blindCase();
    expect(after.getAttribute('data-revealed')).toBe('true');
    // The baseline was on the right: left was the candidate.
    expect(within(after).getByTestId('answer-left').querySelector('h3')!.textContent).toBe('Candidate · gpt-4.1-mini');
    expect(within(after).getByTestId('answer-right').querySelector('h3')!.textContent).toBe('Baseline · sim-baseline');
    expect(within(after).getByTestId('reveal').textContent).toContain('You voted left better: the candidate. Left was the candidate, right the baseline.');
    expect(within(after).getByTestId('score-table')).toBeTruthy();
    expect([...after.querySelectorAll('ins.diff-added')].map((e) => e.textContent)).toEqual(['7', '9']);
    expect(within(after).getByRole('button', { name: /Left better/ }).getAttribute('aria-pressed')).toBe('true');
  });

  it('maps the keys to choices through the blind side: 1 and 2 on a right-side baseline, 3 tie, 4 both bad', async () => {
    const right = firstCaseWithBaselineOn('right');
    const client = open(`#/runs/${RUN_ID}/review/${right}`);
    await within(await screen.findByTestId('blind-case')).findByTestId('answer-left');
    key('2');
    await within(blindCase()).findByTestId('reveal');
    expect(client.callsOf('reviews.vote')).toEqual([{ runId: RUN_ID, caseId: right, reviewer: REVIEWER, choice: 'baseline', baselineSide: 'right' }]);
    // A vote is final once revealed: pressing again changes nothing.
    key('1');
    expect(client.callsOf('reviews.vote')).toHaveLength(1);

    const left = firstCaseWithBaselineOn('left');
    window.location.hash = `#/runs/${RUN_ID}/review/${left}`;
    await waitFor(() => expect(blindCase().querySelector('.case-id')!.textContent).toBe(left));
    await within(blindCase()).findByTestId('answer-left');
    key('2');
    await within(blindCase()).findByTestId('reveal');
    expect(client.callsOf('reviews.vote').at(-1)).toEqual({ runId: RUN_ID, caseId: left, reviewer: REVIEWER, choice: 'candidate', baselineSide: 'left' });

    for (const [k, choice] of [
      ['3', 'tie'],
      ['4', 'both_bad'],
    ] as const) {
      key('j');
      await waitFor(() => expect(blindCase().getAttribute('data-revealed')).toBe('false'));
      await within(blindCase()).findByTestId('answer-left');
      key(k);
      await within(blindCase()).findByTestId('reveal');
      expect((client.callsOf('reviews.vote').at(-1) as { choice: string }).choice).toBe(choice);
    }
  });

  it('sends a note typed before the vote with it, and j/k walk the cases', async () => {
    const client = open(`#/runs/${RUN_ID}/review/${caseIdAt(4)}`);
    await within(await screen.findByTestId('blind-case')).findByTestId('answer-left');
    key('n');
    const dialog = await screen.findByRole('dialog', { name: `Note on ${caseIdAt(4)}` });
    fireEvent.change(within(dialog).getByLabelText('Note'), { target: { value: 'both cite kb-1' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save note' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    key('3');
    await within(blindCase()).findByTestId('reveal');
    expect(client.callsOf('reviews.vote')).toEqual([{ runId: RUN_ID, caseId: caseIdAt(4), reviewer: REVIEWER, choice: 'tie', baselineSide: baselineSide(REVIEWER, RUN_ID, caseIdAt(4)), note: 'both cite kb-1' }]);
    expect(within(blindCase()).getByTestId('reveal').textContent).toContain('Your note: both cite kb-1');

    key('j');
    await waitFor(() => expect(parseRoute(window.location.hash)).toMatchObject({ caseId: caseIdAt(5) }));
    key('k');
    key('k');
    await waitFor(() => expect(parseRoute(window.location.hash)).toMatchObject({ caseId: caseIdAt(3) }));
    expect(screen.getByTestId('review-position').textContent).toBe('Case 4 of 400');
  });

  it('shows an earlier vote revealed, and starts at the first case not voted yet', async () => {
    const earlier: Vote = { reviewer: REVIEWER, run_id: RUN_ID, case_id: caseIdAt(0), choice: 'both_bad', note: null, baseline_side: 'left', voted_at: '2026-11-02T09:30:00.000Z' };
    open(`#/runs/${RUN_ID}/review`, { reviewer: REVIEWER, votes: [earlier] });
    await waitFor(() => expect(parseRoute(window.location.hash)).toMatchObject({ caseId: caseIdAt(1) }));
    key('k');
    await waitFor(() => expect(parseRoute(window.location.hash)).toMatchObject({ caseId: caseIdAt(0) }));
    const reveal = await within(await screen.findByTestId('blind-case')).findByTestId('reveal');
    expect(reveal.textContent).toContain('You voted both bad. Left was the baseline, right the candidate.');
    expect(within(blindCase()).getByRole('button', { name: /Both bad/ }).getAttribute('aria-pressed')).toBe('true');
  });

  it('shows the preference rate with its interval, ties, both-bad, agreement and how to export', async () => {
    open(`#/runs/${RUN_ID}/review`);
    const summary = await screen.findByTestId('review-summary');
    await waitFor(() => expect(within(summary).getByTestId('preference-rate').textContent).toBe('62.5%'));
    expect(within(summary).getByTestId('preference-interval').textContent).toBe('[30.6%, 86.3%]');
    expect(within(summary).getByTestId('tie-count').textContent).toBe('1');
    expect(within(summary).getByTestId('both-bad-count').textContent).toBe('0');
    expect(within(summary).getByTestId('vote-total').textContent).toBe('9');
    expect(within(summary).getByTestId('agreement').textContent).toContain("Cohen's κ 0.50 [-0.10, 1.00]");
    expect(summary.textContent).toContain(`canary-gate review export --run ${RUN_ID}`);
  });
});
