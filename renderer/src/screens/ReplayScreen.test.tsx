// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MethodInput } from '../../../shared/contract/index.js';
import type { ReplayEstimate } from '../../../shared/domain/replay-control.js';
import type { RunSummary } from '../../../shared/domain/run.js';
import { App } from '../App.js';
import { useReplayStore } from '../stores/replay-store.js';
import { useRunsStore } from '../stores/runs-store.js';
import { useWorkbenchStore } from '../stores/workbench-store.js';
import { fakeClient, type FakeClient, type Responder } from '../testing/fake-client.js';

const RUN = 'run-2026-11-02-abc';

function estimateFor(req: MethodInput<'replay.estimate'>): ReplayEstimate {
  const candidate = req.candidate ?? 'sim-candidate';
  const repeats = req.repeats ?? 1;
  return {
    suite: { name: req.suite ?? 'support-bot', file: 'evals/support-bot.yaml', cases: 120 },
    baseline: { name: req.baseline ?? 'sim-baseline', model: 'sim-baseline', simulated: true },
    candidate: { name: candidate, model: candidate, simulated: true },
    repeats,
    calls: 240 * repeats,
    cost: { total: 0.4 * repeats, baseline: 0.15 * repeats, candidate: 0.25 * repeats, unpriced: [] },
    identical_targets: candidate === (req.baseline ?? 'sim-baseline'),
  };
}

function responders(extra: Responder = {}): Responder {
  return {
    'runs.list': () => ({ ok: true, value: { runs: [], total: 0 } }),
    'replay.estimate': (input) => ({ ok: true, value: estimateFor(input) }),
    'replay.start': () => ({ ok: true, value: { runId: RUN, resumed: false, calls: 240 } }),
    'replay.cancel': () => ({ ok: true, value: { cancelled: true } }),
    'replay.resume': (input) => ({ ok: true, value: { runId: input.runId, resumed: true, calls: 240 } }),
    'replay.active': () => ({ ok: true, value: { replays: [] } }),
    ...extra,
  };
}

function open(client: FakeClient = fakeClient(responders())) {
  window.location.hash = '#/replay';
  render(<App client={client} />);
  return client;
}

const input = (field: string) => screen.getByTestId(`replay-${field}`) as HTMLInputElement;
const type = (field: string, value: string) => fireEvent.change(input(field), { target: { value } });
const startButton = () => screen.getByTestId('replay-start') as HTMLButtonElement;
const blocker = () => screen.queryByTestId('replay-blocker')?.textContent ?? null;

async function estimate() {
  fireEvent.click(screen.getByTestId('replay-estimate'));
  return screen.findByTestId('replay-estimate-result');
}

beforeEach(() => {
  window.location.hash = '';
});

afterEach(() => {
  cleanup();
  useReplayStore.getState().reset();
  useRunsStore.getState().reset();
  useWorkbenchStore.setState({ replays: {}, changeCount: 0 });
});

describe('ReplayScreen', () => {
  it('shows the workspace defaults as placeholders and starts idle, Start disabled until estimated', async () => {
    const client = open();
    await waitFor(() => expect(input('suite').placeholder).toBe('support-bot (default)'));
    expect(client.callsOf('replay.estimate')).toEqual([{}]);
    expect(input('baseline').placeholder).toBe('sim-baseline (default)');
    expect(input('candidate').placeholder).toBe('sim-candidate (default)');
    expect(input('repeats').placeholder).toBe('1 (default)');
    expect(screen.getByText('120 cases in evals/support-bot.yaml')).toBeTruthy();
    expect(screen.getByTestId('replay-idle').textContent).toContain('Nothing is replaying.');
    expect(startButton().disabled).toBe(true);
    expect(blocker()).toBe('Estimate first: it shows the calls and the cost before anything is spent.');
  });

  it('validates numbers, estimates calls and cost, and keeps Start disabled until under the cap', async () => {
    const client = open();
    await waitFor(() => expect(input('suite').placeholder).toBe('support-bot (default)'));
    type('repeats', '0');
    type('cap', 'lots');
    expect(screen.getByText('Repeats must be a whole number from 1 to 50.')).toBeTruthy();
    expect(screen.getByText('The cost cap must be an amount in US dollars, such as 5 or 2.50.')).toBeTruthy();
    expect(input('repeats').getAttribute('aria-invalid')).toBe('true');
    expect((screen.getByTestId('replay-estimate') as HTMLButtonElement).disabled).toBe(true);

    type('repeats', '2');
    type('cap', '');
    const result = await estimate();
    expect(client.callsOf('replay.estimate').at(-1)).toEqual({ repeats: 2 });
    expect(within(result).getByTestId('replay-estimate-calls').textContent).toBe('480');
    expect(within(result).getByTestId('replay-estimate-cost').textContent).toBe('$0.80');
    expect(blocker()).toBe('Set a cost cap: the replay stops spending there.');
    type('cap', '0.50');
    expect(blocker()).toBe('The estimate ($0.80) is over the cap ($0.50): raise the cap or replay less.');
    expect(startButton().disabled).toBe(true);
    type('cap', '1');
    expect(blocker()).toBeNull();
    expect(startButton().disabled).toBe(false);
    // Changing what the estimate depends on asks for a new one; concurrency does not.
    type('concurrency', '8');
    expect(startButton().disabled).toBe(false);
    type('repeats', '3');
    expect(blocker()).toBe('The choices changed since the estimate: estimate again.');
  });

  it('warns about an A/A run and starts it only once allowed', async () => {
    const client = open();
    await waitFor(() => expect(input('suite').placeholder).toBe('support-bot (default)'));
    type('candidate', 'sim-baseline');
    type('cap', '5');
    await estimate();
    expect(screen.getByTestId('replay-aa-warning').textContent).toContain('A/A run:');
    expect(blocker()).toBe('Both arms are the same target (an A/A run): allow it below to start anyway.');
    fireEvent.click(screen.getByTestId('replay-allow-aa'));
    expect(startButton().disabled).toBe(false);
    fireEvent.click(startButton());
    await waitFor(() => expect(client.callsOf('replay.start')).toEqual([{ candidate: 'sim-baseline', maxCostUsd: 5, allowIdenticalTargets: true }]));
  });

  it('estimate → start → live progress from events → cancel → resume → done links to the run', async () => {
    const client = open();
    await waitFor(() => expect(input('suite').placeholder).toBe('support-bot (default)'));
    type('concurrency', '4');
    type('cap', '2');
    await estimate();
    fireEvent.click(startButton());
    const card = await screen.findByTestId('replay-card');
    expect(client.callsOf('replay.start')).toEqual([{ concurrency: 4, maxCostUsd: 2 }]);
    expect(card.getAttribute('data-run-id')).toBe(RUN);
    expect(within(card).getByTestId('replay-done').textContent).toBe('0 / 240');
    // The same start is not offered twice.
    expect(startButton().disabled).toBe(true);
    expect(blocker()).toBe('Started: follow it under Replays. Change the choices and estimate again to start another.');

    act(() => client.emit('replay.progress', { runId: RUN, done: 60, total: 240, infraErrors: 1, callsPerSecond: 12.34, spentUsd: 0.1, state: 'running' }));
    expect(within(card).getByTestId('replay-done').textContent).toBe('60 / 240');
    expect(within(card).getByTestId('replay-rate').textContent).toBe('12.3');
    expect(within(card).getByTestId('replay-errors').textContent).toBe('1');
    expect(within(card).getByTestId('replay-spent').textContent).toBe('$0.10');
    expect(within(card).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('60');
    expect(within(card).getByTestId('replay-state').textContent).toBe('Running');

    fireEvent.click(within(card).getByTestId('replay-cancel'));
    await waitFor(() => expect(client.callsOf('replay.cancel')).toEqual([{ runId: RUN }]));
    act(() => client.emit('replay.progress', { runId: RUN, done: 72, total: 240, infraErrors: 1, spentUsd: 0.12, state: 'cancelled', message: 'cancelled; the answers so far are kept and the run can be resumed' }));
    expect(within(card).getByTestId('replay-state').textContent).toBe('Cancelled');
    expect(within(card).getByText('cancelled; the answers so far are kept and the run can be resumed')).toBeTruthy();
    expect(within(card).queryByTestId('replay-cancel')).toBeNull();

    fireEvent.click(within(card).getByTestId('replay-resume'));
    await waitFor(() => expect(client.callsOf('replay.resume')).toEqual([{ runId: RUN, concurrency: 4, maxCostUsd: 2 }]));
    await waitFor(() => expect(within(screen.getByTestId('replay-card')).getByTestId('replay-state').textContent).toBe('Running'));
    expect(within(screen.getByTestId('replay-card')).getByTestId('replay-done').textContent).toBe('72 / 240');

    act(() => client.emit('replay.progress', { runId: RUN, done: 240, total: 240, infraErrors: 1, spentUsd: 0.38, state: 'completed' }));
    const done = screen.getByTestId('replay-card');
    expect(within(done).getByTestId('replay-state').textContent).toBe('Completed');
    expect(within(done).getByTestId('replay-open-run').getAttribute('href')).toBe(`#/runs/${RUN}`);
    expect(within(done).getByTestId('replay-rate').textContent).toBe('–');
  });

  it('says why a start was refused, in the engine’s words', async () => {
    open(fakeClient(responders({ 'replay.start': () => ({ ok: false, error: { code: 'bad_input', message: 'estimated cost $0.80 is over --max-cost 0.5' } }) })));
    await waitFor(() => expect(input('suite').placeholder).toBe('support-bot (default)'));
    type('cap', '1');
    await estimate();
    fireEvent.click(startButton());
    expect((await screen.findByTestId('replay-start-error')).textContent).toContain('estimated cost $0.80 is over --max-cost 0.5 (bad_input)');
  });

  it('lists replays started elsewhere as live, without a Cancel, and interrupted runs with Resume', async () => {
    const interrupted = { id: 'run-old', created_at: '2026-11-01T10:00:00Z', status: 'interrupted', suite: { name: 'support-bot', digest: 'sha256:1' }, baseline: { name: 'a', model: 'a', fingerprint: 'f1', simulated: true }, candidate: { name: 'b', model: 'b', fingerprint: 'f2', simulated: true }, cases: 120, results: 100, infra_errors: 0, unreplayable_tool_calls: 0, verdict: null, expected_calls: 240, missing_calls: 140 } as unknown as RunSummary;
    const client = open(
      fakeClient(
        responders({
          'runs.list': () => ({ ok: true, value: { runs: [interrupted], total: 1 } }),
          'replay.active': () => ({ ok: true, value: { replays: [{ runId: 'run-cli', owner: 'other_process', holder: 'pid 4242 on ci-box, since 10:02' }] } }),
        }),
      ),
    );
    const live = await screen.findByTestId('replay-live');
    const cli = within(live).getByTestId('replay-card');
    expect(cli.getAttribute('data-run-id')).toBe('run-cli');
    expect(cli.textContent).toContain('replayed by pid 4242 on ci-box, since 10:02');
    expect(within(cli).queryByTestId('replay-cancel')).toBeNull();
    act(() => client.emit('replay.progress', { runId: 'run-cli', done: 30, total: 200, infraErrors: 0, callsPerSecond: 3, state: 'running' }));
    expect(within(cli).getByTestId('replay-done').textContent).toBe('30 / 200');

    const old = within(await screen.findByTestId('replay-interrupted')).getByTestId('replay-card');
    expect(within(old).getByTestId('replay-state').textContent).toBe('Interrupted');
    expect(within(old).getByTestId('replay-done').textContent).toBe('100 / 240');
    fireEvent.click(within(old).getByTestId('replay-resume'));
    await waitFor(() => expect(client.callsOf('replay.resume')).toEqual([{ runId: 'run-old' }]));
  });
});
