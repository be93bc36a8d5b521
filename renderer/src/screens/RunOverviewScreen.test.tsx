// @vitest-environment jsdom
/// <reference types="vite/client" />
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunSummary } from '../../../shared/domain/run.js';
import { SAMPLE_GATE_EVALUATION } from '../../../test-support/sample-gate-evaluation.js';
import { App } from '../App.js';
import { PLOT_WIDTH } from '../components/overview/GateForest.js';
import { axisValues } from '../components/overview/gate-values.js';
import { linearScale, logScale } from '../components/overview/scale.js';
import { formatRoute } from '../routing/route.js';
import { useOverviewStore } from '../stores/overview-store.js';
import { useRunsStore } from '../stores/runs-store.js';
import { useWorkbenchStore } from '../stores/workbench-store.js';
import { fakeClient, type FakeClient, type Responder } from '../testing/fake-client.js';
import { details, distributions, gatedRun, overviewResponders, partialRun, targetDiff } from '../testing/overview-fixtures.js';

function open(hash: string, responders: Responder = {}): FakeClient {
  window.history.replaceState(null, '', hash || '#/');
  const client = fakeClient({ ...overviewResponders(), ...responders });
  render(<App client={client} />);
  return client;
}

const row = (metric: string) => screen.getByTestId('gate-table').querySelector<HTMLElement>(`tr[data-gate="${metric}"]`)!;
const num = (el: Element | null | undefined, attr: string) => Number(el?.getAttribute(attr));

beforeEach(() => {
  window.localStorage.clear();
});

afterEach(() => {
  cleanup();
  useRunsStore.getState().reset();
  useOverviewStore.getState().reset();
  window.history.replaceState(null, '', '#/');
});

describe('run overview: opening a run', () => {
  it('opens the newest run when the route names none, replacing the history entry', async () => {
    const before = window.history.length;
    open('#/');
    await waitFor(() => expect(window.location.hash).toBe(`#/runs/${partialRun.id}`));
    expect(window.history.length).toBe(before);
    expect((await screen.findByTestId('run-detail')).querySelector('h1 .run-id')?.textContent).toBe(partialRun.id);
  });

  it('links every run of the list to its overview, marking the open one', async () => {
    open(`#/runs/${gatedRun.id}`);
    const list = await screen.findByTestId('run-list');
    const link = list.querySelector<HTMLAnchorElement>(`[data-run-id="${partialRun.id}"]`)!;
    expect(link.getAttribute('href')).toBe(`#/runs/${partialRun.id}`);
    expect(list.querySelector(`[data-run-id="${gatedRun.id}"]`)?.getAttribute('aria-current')).toBe('page');
    expect(link.getAttribute('aria-current')).toBeNull();
  });

  it('folds the run list into a rail and back, remembering the choice', async () => {
    open(`#/runs/${gatedRun.id}`);
    await screen.findByTestId('run-list');
    fireEvent.click(screen.getByTestId('pane-toggle'));
    expect(screen.queryByTestId('run-list')).toBeNull();
    expect(screen.getByTestId('pane-toggle').getAttribute('aria-expanded')).toBe('false');
    expect(window.localStorage.getItem('canary-gate.run-pane')).toBe('closed');
    fireEvent.click(screen.getByTestId('pane-toggle'));
    expect(screen.getByTestId('run-list')).toBeTruthy();
  });
});

describe('run overview: the gate forest plot', () => {
  it('draws each interval, estimate and allowance on one axis per unit', async () => {
    open(`#/runs/${gatedRun.id}`);
    await screen.findByTestId('gate-table');
    const table = screen.getByTestId('gate-table');
    // One tbody per unit, in the order the units first appear in the policy.
    expect([...table.querySelectorAll('tbody')].map((b) => b.getAttribute('data-unit'))).toEqual(['points', 'count', 'ratio', 'rate']);

    const points = SAMPLE_GATE_EVALUATION.gates.filter((g) => g.unit === 'points');
    const x = linearScale(axisValues('points', points), 10, PLOT_WIDTH - 10);
    const task = row('task_success');
    expect(num(task.querySelector('.forest-allowance'), 'x1')).toBeCloseTo(x(1), 6);
    expect(num(task.querySelector('.forest-interval'), 'x1')).toBeCloseTo(x(-3.1), 6);
    expect(num(task.querySelector('.forest-interval'), 'x2')).toBeCloseTo(x(8.1), 6);
    expect(num(task.querySelector('.forest-reference'), 'x1')).toBeCloseTo(x(0), 6);
    // The same axis for citation validity: its allowance (2 pts) sits right of task success's (1 pt).
    const citation = row('citation_validity');
    expect(num(citation.querySelector('.forest-allowance'), 'x1')).toBeCloseTo(x(2), 6);
    expect(num(citation.querySelector('.forest-allowance'), 'x1')).toBeGreaterThan(num(task.querySelector('.forest-allowance'), 'x1'));
    // Ratio gates share their own axis, with no-change at ×1.
    const ratio = linearScale(axisValues('ratio', SAMPLE_GATE_EVALUATION.gates.filter((g) => g.unit === 'ratio')), 10, PLOT_WIDTH - 10);
    expect(num(row('latency_ms').querySelector('.forest-reference'), 'x1')).toBeCloseTo(ratio(1), 6);
    expect(num(row('cost_usd').querySelector('.forest-allowance'), 'x1')).toBeCloseTo(ratio(1.08), 6);
    // The axis labels of the points group name its ticks with signs.
    const labels = [...table.querySelectorAll('tbody[data-unit="points"] .axis-label')].map((t) => t.textContent);
    expect(labels).toContain('+5');
    expect(labels).toContain('0');
  });

  it('says each verdict in words next to its colour, and what the baseline and candidate numbers are', async () => {
    open(`#/runs/${gatedRun.id}`);
    await screen.findByTestId('gate-table');
    expect(row('high_severity_failures').querySelector('[data-col="verdict"]')?.textContent).toBe('FAIL');
    expect(row('task_success').querySelector('[data-col="verdict"]')?.textContent).toBe('INCONCLUSIVE');
    expect(row('latency_ms').querySelector('[data-col="verdict"]')?.textContent).toBe('PASS');
    expect(row('task_success').querySelector('svg')?.getAttribute('class')).toBe('forest-row verdict-inconclusive');
    // The high-severity gate reports pass rates: they are labelled so, not left under a "failures" heading.
    expect(row('high_severity_failures').querySelector('[data-col="baseline"]')?.textContent).toBe('100.0%pass rate');
    expect(row('high_severity_failures').querySelector('[data-col="candidate"]')?.textContent).toBe('87.5%pass rate');
    expect(row('latency_ms').querySelector('[data-col="baseline"]')?.textContent).toBe('1840 msp95');
    expect(row('infra_error').querySelector('[data-col="candidate"]')?.textContent).toBe('2.50%rate');
    expect(row('task_success').querySelector('[data-col="delta"]')?.textContent).toBe('+2.50 pts [-3.10, +8.10]');
    expect(screen.getByTestId('overall-verdict').textContent).toBe('FAIL');
  });

  it('opens the case list filtered to the gate’s cases when a gate row or its name is clicked', async () => {
    open(`#/runs/${gatedRun.id}`);
    await screen.findByTestId('gate-table');
    fireEvent.click(row('citation_validity').querySelector('[data-col="delta"]')!);
    expect(window.location.hash).toBe(`#/runs/${gatedRun.id}/cases?gate=Citation+validity&change=regression`);
    expect(window.location.hash).toBe(formatRoute({ screen: 'cases', runId: gatedRun.id, filter: { gate: 'Citation validity', change: 'regression' }, sort: 'suite' }));
    // Latency and cost gates sort by the ratio instead of filtering regressions.
    expect(row('latency_ms').querySelector('a.gate-name')?.getAttribute('href')).toBe(`#/runs/${gatedRun.id}/cases?gate=P95+latency&sort=latency_ratio`);
    expect(row('cost_usd').querySelector('a.gate-name')?.getAttribute('href')).toBe(`#/runs/${gatedRun.id}/cases?gate=Cost%2Frequest&sort=cost_ratio`);
    expect(row('infra_error').querySelector('a.gate-name')?.getAttribute('href')).toBe(`#/runs/${gatedRun.id}/cases?gate=Infra+error+rate&infra=1`);
  });

  it('says why a gate’s n is not the run’s cases, linking to the cases left out', async () => {
    const client = open(`#/runs/${gatedRun.id}`);
    await waitFor(() => expect(row('citation_validity').querySelector('[data-testid="gate-exclusions"]')).not.toBeNull());
    expect(client.callsOf('gates.drilldown')).toHaveLength(SAMPLE_GATE_EVALUATION.gates.length);
    const ex = row('citation_validity').querySelector('[data-testid="gate-exclusions"]')!;
    expect(ex.textContent).toBe('n = 36 of 40 cases; left out: 1 infra error · 3 unreplayable tool calls · all 4');
    expect(ex.querySelector('[data-testid="excluded-infra"]')?.getAttribute('href')).toBe(`#/runs/${gatedRun.id}/cases?gate=Citation+validity&membership=excluded_infra`);
    expect(ex.querySelector('[data-testid="excluded-unreplayable"]')?.getAttribute('href')).toBe(`#/runs/${gatedRun.id}/cases?gate=Citation+validity&membership=excluded_unreplayable`);
    expect(row('high_severity_failures').querySelector('[data-testid="gate-exclusions"]')?.textContent).toBe('n = 8 of 40 cases; left out: 32 cases the metric does not apply to');
    // A gate that left nothing out says nothing.
    expect(row('task_success').querySelector('[data-testid="gate-exclusions"]')).toBeNull();
  });
});

describe('run overview: slices, distributions, target diff, reports', () => {
  it('lists each slice with its verdict and every gate’s estimate, linked to the cases behind it', async () => {
    open(`#/runs/${gatedRun.id}`);
    const table = await screen.findByTestId('slice-table');
    const billing = table.querySelector('tr[data-slice="billing"]')!;
    expect(billing.querySelector('th a')?.getAttribute('href')).toBe(`#/runs/${gatedRun.id}/cases?slice=billing`);
    expect(billing.querySelector('[data-col="cases"]')?.textContent).toBe('24');
    expect(billing.querySelector('[data-col="verdict"]')?.textContent).toBe('FAIL');
    const cell = billing.querySelector('td[data-gate="citation_validity"]')!;
    expect(cell.querySelector('a')?.textContent).toBe('+4.20 pts [+0.50, +7.90]');
    expect(cell.querySelector('a')?.getAttribute('href')).toBe(`#/runs/${gatedRun.id}/cases?gate=Citation+validity&slice=billing&change=regression`);
    expect(cell.querySelector('.slice-verdict')?.textContent).toBe('FAIL · n 24');
    // Cases without a slice cannot be filtered by one: shown, not linked.
    const noSlice = table.querySelector('tr[data-slice=""]')!;
    expect(noSlice.querySelector('th')?.textContent).toBe('(no slice)');
    expect(noSlice.querySelector('a')).toBeNull();
  });

  it('draws both arms’ latency with p50/p95/p99 markers and tabulates quantiles and cost', async () => {
    open(`#/runs/${gatedRun.id}`);
    const chart = await screen.findByTestId('latency-chart');
    expect(chart.getAttribute('role')).toBe('img');
    expect(chart.getAttribute('aria-label')).toContain('baseline 40 requests, p50 700 ms, p95 1840 ms, p99 2600 ms');
    const x = logScale(100, 10000, 12, 640 - 12);
    expect(Number(chart.querySelector('[data-marker="baseline-p50"]')?.getAttribute('data-x'))).toBeCloseTo(x(700), 1);
    expect(Number(chart.querySelector('[data-marker="candidate-p99"]')?.getAttribute('data-x'))).toBeCloseTo(x(4100), 1);
    // One bar per non-empty bin per arm.
    const nonEmpty = (counts: number[]) => counts.filter((c) => c > 0).length;
    expect(chart.querySelectorAll('.hist-baseline')).toHaveLength(nonEmpty(distributions.latency.baseline.counts));
    expect(chart.querySelectorAll('.hist-candidate')).toHaveLength(nonEmpty(distributions.latency.candidate.counts));

    const q = screen.getByTestId('latency-quantiles');
    expect(q.querySelector('tr[data-arm="candidate"] [data-q="p95"]')?.textContent).toBe('1712 ms');
    const cost = screen.getByTestId('cost-table');
    expect(cost.querySelector('tr[data-arm="baseline"] [data-col="mean"]')?.textContent).toBe('$0.004120');
    expect(cost.querySelector('tr[data-arm="candidate"] [data-col="total"]')?.textContent).toBe('$0.1291');
    expect(screen.getByTestId('cost-ratio').textContent).toBe('The candidate costs ×0.803 the baseline per request.');
  });

  it('shows what changed between the targets, with the system prompt as a word or line diff', async () => {
    open(`#/runs/${gatedRun.id}`);
    const panel = await screen.findByTestId('target-diff');
    expect(screen.getByTestId('changed-summary').textContent).toBe('Changedmodelparams.temperaturesystem_prompt');
    expect([...panel.querySelectorAll('[data-testid="changed-fields"] li')].map((li) => li.getAttribute('data-field'))).toEqual(['model', 'params.temperature']);
    expect(within(panel).getByTestId('fingerprint-baseline').getAttribute('title')).toBe('sha256:1111aaaa');
    const diff = within(panel).getByTestId('prompt-diff');
    expect([...diff.querySelectorAll('ins')].map((e) => e.textContent)).toEqual(['helpful ']);
    expect(diff.querySelectorAll('del')).toHaveLength(0);
    fireEvent.click(within(panel).getByRole('button', { name: 'Lines' }));
    expect([...within(panel).getByTestId('prompt-diff').querySelectorAll('del')].map((e) => e.textContent)).toEqual(['You are a support agent.\n']);
    expect(within(panel).queryByTestId('aa-note')).toBeNull();
  });

  it('says plainly that an A/A run compares a target with itself', async () => {
    const same = { ...targetDiff, candidate: { ...targetDiff.baseline }, changed: [], identical: true };
    open(`#/runs/${gatedRun.id}`, { 'runs.targetDiff': () => ({ ok: true, value: same }) });
    const note = await screen.findByTestId('aa-note');
    expect(note.textContent).toBe('A/A run: both arms are the same target (baseline, fingerprint 1111aaaa). Its gates measure noise between two replays, not a change.');
    expect(screen.getByTestId('prompt-same').textContent).toBe('Both targets use the same system prompt.');
    expect(screen.getByTestId('changed-summary').textContent).toBe('Changednothing: both arms are the same target (A/A)');
  });

  it('lists the reports with verdict, signature and copyable file paths', async () => {
    open(`#/runs/${gatedRun.id}`);
    const list = await screen.findByTestId('report-list');
    expect(within(list).getByTestId('report-signed').textContent).toBe('✔ signed');
    const files = [...list.querySelectorAll('li[data-file]')];
    expect(files.map((f) => f.querySelector('.file-path')?.textContent)).toEqual([
      '/work/demo/canary-gate-demo/gate-report.json',
      '/work/demo/canary-gate-demo/gate-report.dsse.json',
      '/work/demo/canary-gate-demo/gate-report.md',
    ]);
    expect(files[0]!.querySelector('button')?.getAttribute('aria-label')).toBe('Copy the path of gate-report.json');
    expect(files[2]!.textContent).toContain('missing on disk');
  });
});

describe('run overview: empty, partial and failing states', () => {
  it('names the commands, and offers the Replay screen, when there are no runs', async () => {
    open('#/', { 'runs.list': () => ({ ok: true, value: { runs: [], total: 0 } }) });
    const empty = await screen.findByTestId('empty-runs');
    expect([...empty.querySelectorAll('code')].map((c) => c.textContent)).toEqual(['canary-gate demo', 'canary-gate replay']);
    expect(within(empty).getByRole('link', { name: 'Start a replay' }).getAttribute('href')).toBe('#/replay');
  });

  it('gives the gate command for a complete run that was never gated', async () => {
    const complete: RunSummary = { ...partialRun, id: 'run-complete', status: 'completed', missing_calls: 0 };
    details[complete.id] = { ...complete, gate: null, gate_evaluated_at: null };
    try {
      open(`#/runs/${complete.id}`);
      expect((await screen.findByTestId('gate-command')).querySelector('code')?.textContent).toBe('canary-gate gate --run run-complete');
      expect(screen.queryByTestId('gate-table')).toBeNull();
      expect(screen.queryByTestId('resume-button')).toBeNull();
    } finally {
      delete details[complete.id];
    }
  });

  it('tells a shard run to merge the shards', async () => {
    const shard: RunSummary = { ...partialRun, id: 'run-shard', status: 'completed', missing_calls: 0, shard: { index: 2, count: 4 } };
    details[shard.id] = { ...shard, gate: null, gate_evaluated_at: null };
    try {
      open(`#/runs/${shard.id}`);
      const note = await screen.findByTestId('shard-note');
      expect(note.textContent).toContain('Shard 2 of 4.');
      expect(within(note).getByTestId('merge-command').querySelector('code')?.textContent).toMatch(/^canary-gate merge /);
    } finally {
      delete details[shard.id];
    }
  });

  it('resumes an interrupted run with replay.resume and shows its progress', async () => {
    const client = open(`#/runs/${partialRun.id}`, { 'replay.resume': ({ runId }) => ({ ok: true, value: { runId, resumed: true, calls: 56 } }) });
    const note = await screen.findByTestId('partial-note');
    expect(note.textContent).toContain('56 of 80 calls have no result yet.');
    fireEvent.click(screen.getByTestId('resume-button'));
    await waitFor(() => expect(client.callsOf('replay.resume')).toEqual([{ runId: partialRun.id }]));
    act(() => client.emit('replay.progress', { runId: partialRun.id, done: 12, total: 56, infraErrors: 1, callsPerSecond: 4.5, spentUsd: 0.0123, state: 'running' }));
    expect(screen.getByTestId('replay-progress').textContent).toBe('12 of 56 calls · 4.5 calls/s · $0.0123 spent · 1 infra error');
    expect(screen.queryByTestId('resume-button')).toBeNull();
    // The end of the replay reloads the run.
    const before = client.callsOf('runs.get').length;
    act(() => client.emit('replay.progress', { runId: partialRun.id, done: 56, total: 56, infraErrors: 1, state: 'completed' }));
    await waitFor(() => expect(client.callsOf('runs.get').length).toBeGreaterThan(before));
    expect(screen.getByTestId('replay-progress').textContent).toContain('The replay completed.');
  });

  it('shows a failed resume with what went wrong', async () => {
    open(`#/runs/${partialRun.id}`, { 'replay.resume': () => ({ ok: false, error: { code: 'bad_input', message: 'the run is being replayed by pid 4242' } }) });
    fireEvent.click(await screen.findByTestId('resume-button'));
    expect((await screen.findByTestId('resume-error')).textContent).toBe('Could not resume: the run is being replayed by pid 4242 (bad_input)');
  });

  it('reloads when the workspace changes underneath, and a failed reload keeps what was shown with a hint', async () => {
    let down = false;
    const client = open(`#/runs/${gatedRun.id}`, {
      'runs.get': ({ runId }) => (down ? { ok: false, error: { code: 'infra', message: 'cannot reach the canary-gate server: Failed to fetch' } } : { ok: true, value: details[runId]! }),
    });
    await screen.findByTestId('gate-table');
    expect(client.callsOf('runs.get')).toHaveLength(1);
    down = true;
    act(() => useWorkbenchStore.getState().noteChange(7));
    await waitFor(() => expect(client.callsOf('runs.get')).toHaveLength(2));
    const stale = await screen.findByTestId('stale-note');
    expect(stale.textContent).toContain(`Could not refresh run ${gatedRun.id}; showing what was loaded before.`);
    expect(stale.textContent).toContain('Is `canary-gate serve` still running?');
    expect(screen.getByTestId('gate-table')).toBeTruthy();
    down = false;
    fireEvent.click(within(stale).getByText('Retry'));
    await waitFor(() => expect(screen.queryByTestId('stale-note')).toBeNull());
  });

  it('shows a run that cannot be loaded as an error naming the run', async () => {
    open('#/runs/run-gone');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Could not load run run-gone');
    expect(alert.textContent).toContain('no run "run-gone" (not_found)');
  });
});
