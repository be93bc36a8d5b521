// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../App.js';
import { parseRoute } from '../routing/route.js';
import { useCasesStore } from '../stores/cases-store.js';
import { useReviewCasesStore, useReviewStore } from '../stores/review-store.js';
import { useRunsStore } from '../stores/runs-store.js';
import { caseIdAt, caseResponders, RUN_ID } from '../testing/case-fixtures.js';
import { fakeClient, type FakeClient } from '../testing/fake-client.js';

function open(hash: string, total = 400, client: FakeClient = fakeClient(caseResponders(total))) {
  window.location.hash = hash;
  render(<App client={client} />);
  return client;
}

const listInputs = (client: FakeClient) => client.callsOf('cases.list') as { filter: Record<string, unknown>; sort: string; offset: number; limit: number }[];
const key = (k: string, target: Element | Window = window) => fireEvent.keyDown(target, { key: k });
const activeRow = () => screen.getByTestId('case-list').querySelector('[aria-selected="true"]')?.getAttribute('data-case-id');

beforeEach(() => {
  window.location.hash = '';
  // jsdom lays nothing out: give the list a viewport so the virtualiser renders the rows in view.
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600);
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(800);
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  useCasesStore.getState().reset();
  useReviewCasesStore.getState().reset();
  useReviewStore.getState().reset();
  useRunsStore.getState().reset();
});

describe('CasesScreen', () => {
  it('sends the URL filter to cases.list, one page at a time, and shows the rows and counts', async () => {
    const client = open(`#/runs/${RUN_ID}/cases?gate=Citation+validity&change=regression`);
    await screen.findByText(caseIdAt(0));
    expect(listInputs(client)[0]).toEqual({ runId: RUN_ID, filter: { gate: 'Citation validity', change: 'regression' }, sort: 'suite', offset: 0, limit: 100 });
    expect(screen.getByTestId('case-count').textContent).toBe('400 of 400 cases');
    const first = screen.getByTestId('case-list').querySelector(`[data-case-id="${caseIdAt(0)}"]`)!;
    expect(within(first as HTMLElement).getByText('Regression').className).toBe('change-badge change-regression');
    expect(within(first as HTMLElement).getByText('billing')).toBeTruthy();
    expect(within(first as HTMLElement).getByText('cites-sources')).toBeTruthy();
    expect(within(first as HTMLElement).getByText('×1.50')).toBeTruthy();
    // Only the rows in view are in the document, never the whole run.
    expect(screen.getByTestId('case-list').querySelectorAll('[role="option"]').length).toBeLessThan(40);
    const chips = within(screen.getByTestId('filter-chips')).getAllByRole('button').map((b) => b.textContent);
    expect(chips).toEqual(['Gate Citation validity ✕', 'Change Regression ✕', 'Clear all']);
  });

  it('loads the next page when the list scrolls to it, never more than a page per call', async () => {
    const client = open(`#/runs/${RUN_ID}/cases`, 100_000);
    await screen.findByText(caseIdAt(0));
    const list = screen.getByTestId('case-list');
    list.scrollTop = 58 * 150;
    fireEvent.scroll(list);
    await waitFor(() => expect(listInputs(client).map((c) => c.offset)).toContain(100));
    expect(listInputs(client).every((c) => c.limit === 100)).toBe(true);
    await screen.findByText(caseIdAt(150));
    expect(screen.getByTestId('case-count').textContent).toBe('100,000 of 100,000 cases');
  });

  it('keeps facets, chips and search in the URL (round trip) and asks the engine again', async () => {
    const client = open(`#/runs/${RUN_ID}/cases`);
    await screen.findByText(caseIdAt(0));
    fireEvent.click(screen.getByTestId('facet-panel').querySelector('[data-facet="slice"][data-value="shipping"]')!);
    await waitFor(() => expect(parseRoute(window.location.hash)).toEqual({ screen: 'cases', runId: RUN_ID, filter: { slice: 'shipping' }, sort: 'suite' }));
    await waitFor(() => expect(listInputs(client).at(-1)!.filter).toEqual({ slice: 'shipping' }));
    expect(screen.getByTestId('facet-panel').querySelector('[data-value="shipping"]')!.getAttribute('aria-pressed')).toBe('true');

    fireEvent.change(screen.getByRole('combobox', { name: 'Sort' }), { target: { value: 'latency_ratio' } });
    await waitFor(() => expect(window.location.hash).toBe(`#/runs/${RUN_ID}/cases?slice=shipping&sort=latency_ratio`));
    await waitFor(() => expect(listInputs(client).at(-1)!.sort).toBe('latency_ratio'));

    const search = screen.getByRole('searchbox', { name: 'Search cases' });
    fireEvent.change(search, { target: { value: 'refund card' } });
    // Debounced: nothing until the pause.
    expect(window.location.hash).not.toContain('q=');
    await waitFor(() => expect(parseRoute(window.location.hash)).toMatchObject({ filter: { slice: 'shipping', q: 'refund card' } }), { timeout: 2000 });
    await waitFor(() => expect(listInputs(client).at(-1)!.filter).toEqual({ slice: 'shipping', q: 'refund card' }));

    fireEvent.click(screen.getByRole('button', { name: 'Remove filter Slice: shipping' }));
    await waitFor(() => expect(parseRoute(window.location.hash)).toMatchObject({ filter: { q: 'refund card' }, sort: 'latency_ratio' }));
    await waitFor(() => expect(listInputs(client).at(-1)!.filter).toEqual({ q: 'refund card' }));
  });

  it('a search still waiting for its pause does not close the case opened meanwhile, nor drop the facet chosen meanwhile', async () => {
    open(`#/runs/${RUN_ID}/cases`);
    await screen.findByText(caseIdAt(0));
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search cases' }), { target: { value: 'refund' } });
    // Before the search box's pause ends: open a case and pick a slice.
    fireEvent.click(screen.getByTestId('case-list').querySelector(`[data-case-id="${caseIdAt(1)}"]`)!);
    fireEvent.click(screen.getByTestId('facet-panel').querySelector('[data-facet="slice"][data-value="shipping"]')!);
    await waitFor(() => expect(parseRoute(window.location.hash)).toEqual({ screen: 'cases', runId: RUN_ID, filter: { slice: 'shipping', q: 'refund' }, sort: 'suite', caseId: caseIdAt(1) }));
  });

  it('moves with j/k and the arrow keys, opens with Enter, steps cases with j while open, closes with Escape', async () => {
    const client = open(`#/runs/${RUN_ID}/cases`);
    await screen.findByText(caseIdAt(0));
    expect(activeRow()).toBe(caseIdAt(0));
    key('j');
    key('j');
    expect(activeRow()).toBe(caseIdAt(2));
    key('k');
    expect(activeRow()).toBe(caseIdAt(1));
    const list = screen.getByTestId('case-list');
    key('ArrowDown', list);
    expect(activeRow()).toBe(caseIdAt(2));
    expect(list.getAttribute('aria-activedescendant')).toBe(list.querySelector('[aria-selected="true"]')!.id);
    key('Enter', list);
    await waitFor(() => expect(parseRoute(window.location.hash)).toMatchObject({ screen: 'cases', caseId: caseIdAt(2) }));
    await screen.findByTestId('case-detail');
    expect(client.callsOf('cases.get')).toEqual([{ runId: RUN_ID, caseId: caseIdAt(2) }]);

    const historyLength = window.history.length;
    key('j');
    await waitFor(() => expect(parseRoute(window.location.hash)).toMatchObject({ caseId: caseIdAt(3) }));
    expect(window.history.length).toBe(historyLength);
    await waitFor(() => expect(screen.getByTestId('case-detail').querySelector('.case-id')!.textContent).toBe(caseIdAt(3)));

    // f narrows the list beside the open case, which stays open.
    key('f');
    await waitFor(() => expect(parseRoute(window.location.hash)).toMatchObject({ filter: { change: 'regression' }, caseId: caseIdAt(3) }));
    await waitFor(() => expect(listInputs(client).at(-1)!.filter).toEqual({ change: 'regression' }));
    key('f');
    await waitFor(() => expect(parseRoute(window.location.hash)).toMatchObject({ filter: {}, caseId: caseIdAt(3) }));

    key('Escape');
    await waitFor(() => expect(parseRoute(window.location.hash)).toEqual({ screen: 'cases', runId: RUN_ID, filter: {}, sort: 'suite' }));
    expect(screen.queryByTestId('case-detail')).toBeNull();
  });

  it('f toggles regressions only; / focuses the search; ? shows the keys and Escape closes them', async () => {
    const client = open(`#/runs/${RUN_ID}/cases?slice=billing`);
    await screen.findByText(caseIdAt(0));
    key('f');
    await waitFor(() => expect(parseRoute(window.location.hash)).toMatchObject({ filter: { slice: 'billing', change: 'regression' } }));
    await waitFor(() => expect(listInputs(client).at(-1)!.filter).toEqual({ slice: 'billing', change: 'regression' }));
    key('f');
    await waitFor(() => expect(parseRoute(window.location.hash)).toMatchObject({ filter: { slice: 'billing' } }));

    key('/');
    expect(document.activeElement).toBe(screen.getByRole('searchbox', { name: 'Search cases' }));
    // Typed into the search box, j is text, not a move.
    key('j', document.activeElement!);
    expect(activeRow()).toBe(caseIdAt(0));
    key('Escape', document.activeElement!);
    expect(document.activeElement).not.toBe(screen.getByRole('searchbox', { name: 'Search cases' }));

    key('?');
    const dialog = await screen.findByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(within(dialog).getByText('Regressions only (again: all changes)')).toBeTruthy();
    key('Escape', dialog);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('shows a case side by side: word diff, tool call with its recorded result, cited and fabricated ids, scores failed first, attempts', async () => {
    open(`#/runs/${RUN_ID}/cases/${caseIdAt(0)}`);
    const detail = await screen.findByTestId('case-detail');
    await within(detail).findByTestId('score-table');
    const left = within(detail).getByTestId('answer-left');
    const right = within(detail).getByTestId('answer-right');
    expect(within(left).getByRole('heading').textContent).toBe('Baseline · sim-baseline');
    expect(within(right).getByRole('heading').textContent).toBe('Candidate · gpt-4.1-mini');
    // Word-level: "[kb-1]" and "[kb-9]" differ only in their number.
    expect([...left.querySelectorAll('del.diff-removed')].map((e) => e.textContent)).toEqual(['5', '1']);
    expect([...right.querySelectorAll('ins.diff-added')].map((e) => e.textContent)).toEqual(['7', '9']);
    expect(left.querySelector('mark.citation.valid')!.textContent).toBe('[kb-1]');
    expect(right.querySelector('mark.citation.fabricated')!.textContent).toBe('[kb-9]');
    expect(within(right).getByText('{"status":"shipped"}')).toBeTruthy();
    expect(within(right).getByText('1.20 s')).toBeTruthy();
    expect(within(left).getByText('800 ms')).toBeTruthy();

    const docs = within(detail).getByTestId('documents');
    expect(docs.querySelector('[data-doc-id="kb-1"]')!.className).toBe('document cited');
    expect(docs.querySelector('[data-doc-id="kb-2"]')!.className).toBe('document');
    expect(within(docs).getByTestId('fabricated').textContent).toContain('[kb-9]');

    const rows = [...within(detail).getByTestId('score-table').querySelectorAll('tbody tr')];
    expect(rows.map((r) => r.getAttribute('data-score'))).toEqual(['cites-sources', 'no-apology']);
    expect(rows[0]!.textContent).toContain('fabricated citation kb-9');

    fireEvent.click(within(detail).getByRole('button', { name: /Attempt 2/ }));
    await waitFor(() => expect(within(detail).getByTestId('answer-right').querySelector('ins.diff-added')!.textContent).toBe('Your refund takes'));
    expect(within(detail).queryByTestId('fabricated')).toBeNull();
    expect([...within(detail).getByTestId('score-table').querySelectorAll('tbody tr')].map((r) => r.getAttribute('data-score'))).toEqual(['cites-sources', 'no-apology']);
  });

  it('reloads what it shows when the workspace changes underneath, keeping the rows until the answer', async () => {
    const client = open(`#/runs/${RUN_ID}/cases`);
    await screen.findByText(caseIdAt(0));
    const before = listInputs(client).length;
    act(() => client.emit('workspace.changed', { dataVersion: 7 }));
    await waitFor(() => expect(listInputs(client).length).toBe(before + 1));
    expect(screen.getByText(caseIdAt(0))).toBeTruthy();
  });

  it('says what to do when the engine fails, and offers to clear filters when nothing matches', async () => {
    const failing = fakeClient({ ...caseResponders(0), 'cases.list': () => ({ ok: false, error: { code: 'infra', message: 'fetch failed' } }) });
    open(`#/runs/${RUN_ID}/cases`, 0, failing);
    expect((await screen.findByRole('alert')).textContent).toContain('Is canary-gate serve still running?');
    cleanup();
    useCasesStore.getState().reset();
    const none = fakeClient({ ...caseResponders(0), 'cases.list': () => ({ ok: true, value: { rows: [], total: 0, run_cases: 40, facets: { slice: [], tag: [], severity: [], origin: [], change: [], failed: [], category: [], infra: 0, unreplayable: 0 }, change_metric: 'task_success' } }) });
    open(`#/runs/${RUN_ID}/cases?slice=nowhere`, 0, none);
    const empty = await screen.findByTestId('cases-empty');
    expect(empty.textContent).toContain('No case matches these filters.');
    fireEvent.click(within(empty).getByRole('button', { name: 'Clear the filters' }));
    await waitFor(() => expect(parseRoute(window.location.hash)).toEqual({ screen: 'cases', runId: RUN_ID, filter: {}, sort: 'suite' }));
  });

  it('n on an open case: without a vote it sends the reviewer to the blind review; with one it adds the note to that vote', async () => {
    const voted = { reviewer: 'Ana', run_id: RUN_ID, case_id: caseIdAt(1), choice: 'candidate' as const, note: null, baseline_side: 'right' as const, voted_at: '2026-11-02T09:30:00.000Z' };
    const client = fakeClient(caseResponders(400, { reviewer: 'Ana', votes: [voted] }));
    open(`#/runs/${RUN_ID}/cases/${caseIdAt(0)}`, 400, client);
    await screen.findByTestId('case-detail');
    key('n');
    const unvoted = await screen.findByTestId('note-dialog');
    expect(within(unvoted).getByRole('link', { name: 'Review this case blind' }).getAttribute('href')).toBe(`#/runs/${RUN_ID}/review/${caseIdAt(0)}`);
    fireEvent.click(within(unvoted).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByTestId('note-dialog')).toBeNull());

    window.location.hash = `#/runs/${RUN_ID}/cases/${caseIdAt(1)}`;
    await waitFor(() => expect(screen.getByTestId('case-detail').querySelector('.case-id')!.textContent).toBe(caseIdAt(1)));
    key('n');
    const dialog = await screen.findByRole('dialog', { name: `Note on ${caseIdAt(1)}` });
    fireEvent.change(within(dialog).getByLabelText('Note'), { target: { value: 'candidate cites the right page' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save note' }));
    await waitFor(() => expect(client.callsOf('reviews.vote')).toEqual([{ runId: RUN_ID, caseId: caseIdAt(1), reviewer: 'Ana', choice: 'candidate', baselineSide: 'right', note: 'candidate cites the right page' }]));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });
});
