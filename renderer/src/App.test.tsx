// @vitest-environment jsdom
/// <reference types="vite/client" />
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunDetail, RunSummary } from '../../shared/domain/run.js';
import { SAMPLE_GATE_EVALUATION } from '../../test-support/sample-gate-evaluation.js';
import { App } from './App.js';
import { useOverviewStore } from './stores/overview-store.js';
import { useRunsStore } from './stores/runs-store.js';
import { fakeClient, type Responder } from './testing/fake-client.js';
import { details, gatedRun, overviewResponders, partialRun } from './testing/overview-fixtures.js';

function renderAt(hash: string, responders: Responder = {}) {
  window.history.replaceState(null, '', hash);
  const client = fakeClient({ ...overviewResponders(), ...responders });
  render(<App client={client} />);
  return client;
}

beforeEach(() => window.localStorage.clear());

afterEach(() => {
  cleanup();
  useRunsStore.getState().reset();
  useOverviewStore.getState().reset();
  window.history.replaceState(null, '', '#/');
});

describe('App', () => {
  it('lists the runs with their created time, suite, models, SIMULATED badge and verdict', async () => {
    renderAt('#/');
    const list = await screen.findByTestId('run-list');
    expect([...list.querySelectorAll('[data-run-id]')].map((a) => a.getAttribute('data-run-id'))).toEqual([partialRun.id, gatedRun.id]);

    const gated = list.querySelector(`[data-run-id="${gatedRun.id}"]`) as HTMLElement;
    expect(gated.querySelector('.run-id')?.textContent).toBe('run-20261102-091500-a1b2');
    expect(gated.querySelector('.run-created')?.textContent).toBe('2026-11-02 09:15 UTC');
    expect(gated.querySelector('.run-suite')?.textContent).toBe('support-bot');
    expect(gated.querySelector('.run-item-models')?.textContent).toBe('sim-baselineSIMULATED→gpt-4.1-mini');
    expect(within(gated).getByText('FAIL').className).toBe('badge badge-fail');

    const other = list.querySelector(`[data-run-id="${partialRun.id}"]`) as HTMLElement;
    expect(within(other).getByText('NOT GATED')).toBeTruthy();
    expect(within(other).getByText('interrupted')).toBeTruthy();
    expect(screen.getByText('/work/demo')).toBeTruthy();
  });

  it('goes to a run’s overview when it is clicked, and Back returns to the one before', async () => {
    const client = renderAt(`#/runs/${partialRun.id}`);
    await screen.findByTestId('partial-note');
    fireEvent.click(screen.getByText(gatedRun.id, { selector: '.run-list .run-id' }));
    await waitFor(() => expect(window.location.hash).toBe(`#/runs/${gatedRun.id}`));
    await screen.findByTestId('gate-table');
    expect(client.callsOf('runs.get')).toContainEqual({ runId: gatedRun.id });
    expect(screen.getByText(gatedRun.id, { selector: '.run-list .run-id' }).closest('a')?.getAttribute('aria-current')).toBe('page');

    window.history.back();
    await waitFor(() => expect(window.location.hash).toBe(`#/runs/${partialRun.id}`));
    await screen.findByTestId('partial-note');
    expect(screen.queryByTestId('gate-table')).toBeNull();
  });

  it('makes the run list one tab stop whose arrow keys move between runs', async () => {
    renderAt(`#/runs/${gatedRun.id}`);
    const list = await screen.findByTestId('run-list');
    const [first, second] = [...list.querySelectorAll<HTMLAnchorElement>('a.run-item')];
    expect([first!.tabIndex, second!.tabIndex]).toEqual([-1, 0]);
    second!.focus();
    fireEvent.keyDown(second!, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(first);
    fireEvent.keyDown(first!, { key: 'End' });
    expect(document.activeElement).toBe(second);
  });

  it('labels a shard run as shard i of n and a merged run with its number of shards', async () => {
    const shardRun: RunSummary = { ...partialRun, id: 'run-20261104-080000-0001', shard: { index: 2, count: 4 } };
    const mergedRun: RunSummary = { ...gatedRun, id: 'run-20261104-090000-0002', merged_shards: 4 };
    renderAt(`#/runs/${gatedRun.id}`, { 'runs.list': () => ({ ok: true, value: { runs: [mergedRun, shardRun, gatedRun], total: 3 } }) });
    const list = await screen.findByTestId('run-list');
    const label = (id: string) => list.querySelector(`[data-run-id="${id}"] .run-shard`)?.textContent ?? null;
    expect(label(shardRun.id)).toBe('shard 2 of 4');
    expect(label(mergedRun.id)).toBe('merged · 4 shards');
    expect(label(gatedRun.id)).toBeNull();
  });

  it('labels an A/A run (baseline and candidate with one fingerprint) in the run list and the run view', async () => {
    const aaRun: RunSummary = { ...gatedRun, id: 'run-20261105-100000-aaaa', candidate: { ...gatedRun.baseline, name: 'twin' }, verdict: 'PASS' };
    const aaDetail: RunDetail = { ...aaRun, gate: null, gate_evaluated_at: null };
    renderAt(`#/runs/${aaRun.id}`, {
      'runs.list': () => ({ ok: true, value: { runs: [aaRun, gatedRun], total: 2 } }),
      'runs.get': ({ runId }) => ({ ok: true, value: runId === aaRun.id ? aaDetail : details[runId]! }),
    });
    const list = await screen.findByTestId('run-list');
    const aaItem = list.querySelector(`[data-run-id="${aaRun.id}"]`) as HTMLElement;
    expect(within(aaItem).getByTestId('aa-label').textContent).toBe('A/A');
    expect(within(aaItem).getByTestId('aa-label').getAttribute('title')).toContain('the same target (sha256:1111aaaa)');
    expect(list.querySelector(`[data-run-id="${gatedRun.id}"] [data-testid="aa-label"]`)).toBeNull();
    const detail = await screen.findByTestId('run-detail');
    expect(within(detail.querySelector('h1')!).getByTestId('aa-label').textContent).toBe('A/A');
  });

  it('labels the run view of a partial run INCOMPLETE: its missing calls, and a verdict gated with --allow-incomplete', async () => {
    const partial: RunSummary = { ...gatedRun, id: 'run-20261106-110000-bbbb', status: 'interrupted', results: 7, expected_calls: 804, missing_calls: 797, verdict: 'INCONCLUSIVE' };
    const incomplete = { status: 'interrupted', cases: 402, repeats: 1, expected_calls: 804, answered_calls: 7, missing_calls: 797, resume: `canary-gate replay --run ${partial.id}` };
    const evaluation = { ...SAMPLE_GATE_EVALUATION, verdict: 'INCONCLUSIVE' as const, incomplete };
    renderAt(`#/runs/${partial.id}`, {
      'runs.list': () => ({ ok: true, value: { runs: [partial, gatedRun], total: 2 } }),
      'runs.get': ({ runId }) => ({ ok: true, value: runId === partial.id ? { ...partial, gate: evaluation, gate_evaluated_at: '2026-11-06T11:05:00.000Z' } : details[runId]! }),
    });
    await screen.findByTestId('gate-table');
    expect(screen.getByTestId('overall-verdict').textContent).toBe('INCONCLUSIVE');
    expect(screen.getByTestId('incomplete-label').closest('.overall')).not.toBeNull();
    const note = screen.getByTestId('incomplete-note');
    expect(note.textContent).toContain('gated while 797 of 804 calls (402 cases × 2 arms × 1) had no result (run interrupted)');
    expect(note.querySelector('code')?.textContent).toBe(`canary-gate replay --run ${partial.id}`);
    expect(screen.getByTestId('missing-calls').textContent).toBe('Calls without a result797 of 804 · INCOMPLETE');
    expect(screen.getByTestId('partial-note').textContent).toContain('797 of 804 calls have no result yet.');

    // A complete run has none of it.
    fireEvent.click(screen.getByText(gatedRun.id, { selector: '.run-list .run-id' }));
    await waitFor(() => expect(screen.getByTestId('overall-verdict').textContent).toBe('FAIL'));
    expect(screen.queryByTestId('incomplete-label')).toBeNull();
    expect(screen.queryByTestId('incomplete-note')).toBeNull();
    expect(screen.queryByTestId('missing-calls')).toBeNull();
    expect(screen.queryByTestId('partial-note')).toBeNull();
  });

  it('shows a failed list call as an error that says what to do, with a working retry', async () => {
    let fail = true;
    renderAt('#/', {
      'runs.list': () => (fail ? { ok: false, error: { code: 'infra', message: 'cannot reach the canary-gate server: Failed to fetch' } } : { ok: true, value: { runs: [gatedRun], total: 1 } }),
    });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Could not load runs');
    expect(alert.querySelector('p')?.textContent).toBe(
      'cannot reach the canary-gate server: Failed to fetch (infra) — Is `canary-gate serve` still running? Start it again in the workspace (canary-gate serve) and retry.',
    );
    fail = false;
    fireEvent.click(within(alert).getByText('Retry'));
    await screen.findByTestId('run-list');
    await waitFor(() => expect(window.location.hash).toBe(`#/runs/${gatedRun.id}`));
  });

  it('keeps the latest run when an older run’s answer arrives late', async () => {
    let releaseSlow: () => void = () => {};
    const slow = new Promise<void>((resolve) => (releaseSlow = resolve));
    renderAt(`#/runs/${gatedRun.id}`, {
      'runs.get': async ({ runId }) => {
        if (runId === gatedRun.id) await slow;
        return { ok: true, value: details[runId]! };
      },
    });
    await screen.findByTestId('run-list');
    fireEvent.click(screen.getByText(partialRun.id, { selector: '.run-list .run-id' }));
    await screen.findByTestId('partial-note');
    releaseSlow();
    await waitFor(() => expect(useOverviewStore.getState().detail.status).toBe('ready'));
    expect(useOverviewStore.getState().detail.value?.id).toBe(partialRun.id);
    expect(screen.queryByTestId('gate-table')).toBeNull();
  });
});
