// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallResult, Method, MethodInput, MethodOutput, WorkbenchClient } from '../../shared/contract/index.js';
import type { RunDetail, RunSummary } from '../../shared/domain/run.js';
import { formatGateRow, gateTableColumns } from '../../shared/report/format-gate.js';
import { SAMPLE_GATE_EVALUATION, SAMPLE_POLICY_DIGEST } from '../../test-support/sample-gate-evaluation.js';
import { App } from './App.js';
import { useRunsStore } from './stores/runs-store.js';

const gatedRun: RunSummary = {
  id: 'run-20261102-091500-a1b2',
  created_at: '2026-11-02T09:15:00.000Z',
  status: 'completed',
  suite: { name: 'support-bot', digest: 'sha256:aaaabbbbccccddddeeee' },
  baseline: { name: 'baseline', model: 'sim-baseline', fingerprint: 'sha256:1111', simulated: true },
  candidate: { name: 'candidate', model: 'gpt-4.1-mini', fingerprint: 'sha256:2222', simulated: false },
  cases: 40,
  results: 80,
  infra_errors: 1,
  unreplayable_tool_calls: 3,
  verdict: 'FAIL',
};

const otherRun: RunSummary = {
  ...gatedRun,
  id: 'run-20261103-140210-c3d4',
  created_at: '2026-11-03T14:02:10.000Z',
  status: 'interrupted',
  results: 24,
  infra_errors: 0,
  unreplayable_tool_calls: 0,
  verdict: null,
};

const details: Record<string, RunDetail> = {
  [gatedRun.id]: { ...gatedRun, gate: SAMPLE_GATE_EVALUATION, gate_evaluated_at: '2026-11-02T09:20:00.000Z' },
  [otherRun.id]: { ...otherRun, gate: null, gate_evaluated_at: null },
};

type Responder = { [M in Method]?: (input: MethodInput<M>) => CallResult<MethodOutput<M>> | Promise<CallResult<MethodOutput<M>>> };

/** A WorkbenchClient answering from tables, recording every call. */
function fakeClient(overrides: Responder = {}): WorkbenchClient & { calls: { method: string; input: unknown }[] } {
  const defaults: Responder = {
    'workspace.info': () => ({ ok: true, value: { root: '/work/demo', database: '/work/demo/.canary-gate/canary-gate.db', version: '0.1.0', reviewer: null } }),
    'runs.list': () => ({ ok: true, value: { runs: [otherRun, gatedRun], total: 2 } }),
    'runs.get': ({ runId }) => (details[runId] ? { ok: true, value: details[runId] } : { ok: false, error: { code: 'not_found', message: `no run "${runId}"` } }),
  };
  const table = { ...defaults, ...overrides } as Record<string, (input: unknown) => unknown>;
  const calls: { method: string; input: unknown }[] = [];
  return {
    calls,
    async call(method, input) {
      calls.push({ method, input });
      return table[method]!(input) as CallResult<never>;
    },
    on: () => () => {},
  };
}

afterEach(() => {
  cleanup();
  useRunsStore.getState().reset();
});

describe('App', () => {
  it('lists the runs with their created time, suite, models, SIMULATED badge and verdict', async () => {
    render(<App client={fakeClient()} />);
    const list = await screen.findByTestId('run-list');
    const items = within(list).getAllByRole('button');
    expect(items.map((b) => b.getAttribute('data-run-id'))).toEqual([otherRun.id, gatedRun.id]);

    const gated = list.querySelector(`[data-run-id="${gatedRun.id}"]`) as HTMLElement;
    expect(gated.querySelector('.run-id')?.textContent).toBe('run-20261102-091500-a1b2');
    expect(gated.querySelector('.run-created')?.textContent).toBe('2026-11-02 09:15 UTC');
    expect(gated.querySelector('.run-suite')?.textContent).toBe('support-bot');
    expect(gated.querySelector('.run-item-models')?.textContent).toBe('sim-baselineSIMULATED→gpt-4.1-mini');
    expect(within(gated).getByText('FAIL').className).toBe('badge badge-fail');

    const other = list.querySelector(`[data-run-id="${otherRun.id}"]`) as HTMLElement;
    expect(within(other).getByText('NOT GATED')).toBeTruthy();
    expect(within(other).getByText('interrupted')).toBeTruthy();

    expect(screen.getByText('/work/demo')).toBeTruthy();
    expect(screen.getByText('Select a run to see its gate table.')).toBeTruthy();
  });

  it('shows the gate table of the selected run with the shared formatted values', async () => {
    const client = fakeClient();
    render(<App client={client} />);
    fireEvent.click(await screen.findByText(gatedRun.id));

    const table = await screen.findByTestId('gate-table');
    expect(client.calls).toContainEqual({ method: 'runs.get', input: { runId: gatedRun.id } });
    expect([...table.querySelectorAll('th')].map((th) => th.textContent)).toEqual(gateTableColumns.map((c) => c.title));

    const rows = [...table.querySelectorAll('tbody tr')];
    expect(rows.map((r) => r.getAttribute('data-gate'))).toEqual(['task_success', 'high_severity_failures', 'citation_validity', 'latency_ms', 'cost_usd', 'infra_error']);

    // Every cell is exactly what formatGateRow gives the CLI and the reports.
    SAMPLE_GATE_EVALUATION.gates.forEach((gate, i) => {
      const expected = formatGateRow(gate);
      const cell = (key: string) => rows[i]!.querySelector(`td[data-col="${key}"]`)!;
      expect(cell('gate').querySelector('.gate-name')?.textContent).toBe(expected.gate);
      for (const key of ['baseline', 'candidate', 'delta', 'threshold', 'n', 'verdict'] as const) expect(cell(key).textContent, `${gate.metric} ${key}`).toBe(expected[key]);
      expect(rows[i]!.getAttribute('title')).toBe(gate.reason);
    });

    // The same values written out, so a change of the shared formatter is noticed here too.
    const row = (metric: string) => table.querySelector(`tr[data-gate="${metric}"]`)!;
    const text = (metric: string, col: string) => row(metric).querySelector(`td[data-col="${col}"]`)!.textContent;
    expect(text('task_success', 'delta')).toBe('+2.50 pts [-3.10, +8.10]');
    expect(text('task_success', 'threshold')).toBe('≤ 1.00 pts worse');
    expect(row('task_success').querySelector('.gate-name')?.textContent).toBe('Core task success (critical)');
    expect(text('high_severity_failures', 'delta')).toBe('1 new');
    expect(text('high_severity_failures', 'threshold')).toBe('no new failures');
    expect(text('latency_ms', 'baseline')).toBe('1840 ms');
    expect(text('latency_ms', 'delta')).toBe('×0.930 [0.861, 1.012]');
    expect(text('cost_usd', 'candidate')).toBe('$0.003310');
    expect(text('infra_error', 'delta')).toBe('1.25% [0.28%, 5.41%]');
    expect(text('high_severity_failures', 'baseline')).toBe('100.0%');
    expect(text('high_severity_failures', 'candidate')).toBe('87.5%');
    expect(text('infra_error', 'verdict')).toBe('INCONCLUSIVE');

    // The reason is also visible as a second line, with the sample size that would decide an INCONCLUSIVE gate.
    expect(row('task_success').querySelector('.gate-reason')?.textContent).toBe(`${SAMPLE_GATE_EVALUATION.gates[0]!.reason} · ≈2350 cases would decide it`);
    // What the verdict is worth: the method's simulated error rates, and the assumption behind the plan.
    const evidence = row('task_success').querySelector('details.gate-evidence')!;
    expect(evidence.querySelector('summary')?.textContent).toBe('Error rates');
    expect([...evidence.querySelectorAll('li')].map((li) => li.textContent)).toEqual([
      'This gate at n = 40: simulated at n = 60 (paired/n=60), P(PASS | true regression = allowance) = 4.3 %, P(FAIL | candidate as good as baseline) = 0.0 %, P(PASS | as good) = 72.5 %.',
      'About 2350 cases would decide it, assuming no true regression (Δ = 0), discordant share 12.50 %, design effect 1.00.',
    ]);
    expect(row('cost_usd').querySelector('details.gate-evidence')).toBeNull();

    expect(screen.getByTestId('overall-verdict').textContent).toBe('FAIL');
    expect(screen.getByText('Unreplayable tool calls').nextElementSibling?.textContent).toBe('3');
    const policy = screen.getByTestId('policy');
    expect(policy.querySelector('.policy-name')?.textContent).toBe('model-upgrade');
    expect(policy.querySelector('.digest')?.textContent).toBe(SAMPLE_POLICY_DIGEST.slice('sha256:'.length, 'sha256:'.length + 12));
    expect(policy.querySelector('.digest')?.getAttribute('title')).toBe(SAMPLE_POLICY_DIGEST);
    expect(screen.getByText(gatedRun.id, { selector: 'button .run-id' }).closest('button')?.getAttribute('aria-current')).toBe('true');
  });

  it('says so when the selected run was never gated', async () => {
    render(<App client={fakeClient()} />);
    fireEvent.click(await screen.findByText(otherRun.id));
    expect((await screen.findByTestId('not-gated')).textContent).toMatch(/no gate evaluation yet/);
    expect(screen.queryByTestId('gate-table')).toBeNull();
    // No unreplayable tool calls, no line about them.
    expect(screen.queryByText('Unreplayable tool calls')).toBeNull();
  });

  it('labels a shard run as shard i of n and a merged run with its number of shards', async () => {
    const shardRun: RunSummary = { ...otherRun, id: 'run-20261104-080000-0001', shard: { index: 2, count: 4 } };
    const mergedRun: RunSummary = { ...gatedRun, id: 'run-20261104-090000-0002', merged_shards: 4 };
    render(<App client={fakeClient({ 'runs.list': () => ({ ok: true, value: { runs: [mergedRun, shardRun, gatedRun], total: 3 } }) })} />);
    const list = await screen.findByTestId('run-list');
    const label = (id: string) => list.querySelector(`[data-run-id="${id}"] .run-shard`)?.textContent ?? null;
    expect(label(shardRun.id)).toBe('shard 2 of 4');
    expect(label(mergedRun.id)).toBe('merged · 4 shards');
    expect(label(gatedRun.id)).toBeNull();
  });

  it('labels an A/A run (baseline and candidate with one fingerprint) in the run list and the run view', async () => {
    const aaRun: RunSummary = { ...gatedRun, id: 'run-20261105-100000-aaaa', candidate: { ...gatedRun.baseline, name: 'twin' }, verdict: 'PASS' };
    const aaDetail: RunDetail = { ...aaRun, gate: null, gate_evaluated_at: null };
    render(
      <App
        client={fakeClient({
          'runs.list': () => ({ ok: true, value: { runs: [aaRun, gatedRun], total: 2 } }),
          'runs.get': ({ runId }) => ({ ok: true, value: runId === aaRun.id ? aaDetail : details[runId]! }),
        })}
      />,
    );
    const list = await screen.findByTestId('run-list');
    const aaItem = list.querySelector(`[data-run-id="${aaRun.id}"]`) as HTMLElement;
    expect(within(aaItem).getByTestId('aa-label').textContent).toBe('A/A');
    expect(within(aaItem).getByTestId('aa-label').getAttribute('title')).toContain('the same target (sha256:1111)');
    expect(list.querySelector(`[data-run-id="${gatedRun.id}"] [data-testid="aa-label"]`)).toBeNull();

    fireEvent.click(within(aaItem).getByText(aaRun.id));
    const detail = await screen.findByTestId('run-detail');
    expect(within(detail).getByTestId('aa-label').textContent).toBe('A/A');
  });

  it('labels the run view of a partial run INCOMPLETE: its missing calls, and a verdict gated with --allow-incomplete', async () => {
    const partial: RunSummary = { ...gatedRun, id: 'run-20261106-110000-bbbb', status: 'interrupted', results: 7, expected_calls: 804, missing_calls: 797, verdict: 'INCONCLUSIVE' };
    const incomplete = { status: 'interrupted', cases: 402, repeats: 1, expected_calls: 804, answered_calls: 7, missing_calls: 797, resume: `canary-gate replay --run ${partial.id}` };
    const evaluation = { ...SAMPLE_GATE_EVALUATION, verdict: 'INCONCLUSIVE' as const, incomplete };
    render(
      <App
        client={fakeClient({
          'runs.list': () => ({ ok: true, value: { runs: [partial, gatedRun], total: 2 } }),
          'runs.get': ({ runId }) => ({ ok: true, value: runId === partial.id ? { ...partial, gate: evaluation, gate_evaluated_at: '2026-11-06T11:05:00.000Z' } : details[runId]! }),
        })}
      />,
    );
    fireEvent.click(await screen.findByText(partial.id));
    await screen.findByTestId('gate-table');
    expect(screen.getByTestId('overall-verdict').textContent).toBe('INCONCLUSIVE');
    expect(screen.getByTestId('incomplete-label').textContent).toBe('INCOMPLETE');
    expect(screen.getByTestId('incomplete-label').closest('.overall')).not.toBeNull();
    const note = screen.getByTestId('incomplete-note');
    expect(note.textContent).toContain('gated while 797 of 804 calls (402 cases × 2 arms × 1) had no result (run interrupted)');
    expect(note.querySelector('code')?.textContent).toBe(`canary-gate replay --run ${partial.id}`);
    expect(screen.getByTestId('missing-calls').textContent).toBe('Calls without a result797 of 804 · INCOMPLETE');

    // A complete run has neither.
    fireEvent.click(screen.getByText(gatedRun.id));
    await waitFor(() => expect(screen.getByTestId('overall-verdict').textContent).toBe('FAIL'));
    expect(screen.queryByTestId('incomplete-label')).toBeNull();
    expect(screen.queryByTestId('incomplete-note')).toBeNull();
    expect(screen.queryByTestId('missing-calls')).toBeNull();
  });

  it('shows the empty state when there are no runs', async () => {
    render(<App client={fakeClient({ 'runs.list': () => ({ ok: true, value: { runs: [], total: 0 } }) })} />);
    expect((await screen.findByTestId('empty-runs')).textContent).toBe('No runs yet — run canary-gate demo or canary-gate replay');
    expect(screen.queryByTestId('run-list')).toBeNull();
  });

  it('shows a failed list call as an error with a working retry', async () => {
    let fail = true;
    const client = fakeClient({
      'runs.list': () => (fail ? { ok: false, error: { code: 'infra', message: 'database is locked' } } : { ok: true, value: { runs: [gatedRun], total: 1 } }),
    });
    render(<App client={client} />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Could not load runs');
    expect(alert.textContent).toContain('database is locked (infra)');

    fail = false;
    fireEvent.click(within(alert).getByText('Retry'));
    await screen.findByTestId('run-list');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows a failed run detail call as an error', async () => {
    const client = fakeClient({ 'runs.get': ({ runId }) => ({ ok: false, error: { code: 'not_found', message: `no run "${runId}"` } }) });
    render(<App client={client} />);
    fireEvent.click(await screen.findByText(gatedRun.id));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain(`Could not load run ${gatedRun.id}`);
    expect(alert.textContent).toContain(`no run "${gatedRun.id}" (not_found)`);
    expect(screen.queryByTestId('gate-table')).toBeNull();
  });

  it('keeps the latest selection when an older detail answer arrives late', async () => {
    let releaseSlow: () => void = () => {};
    const slow = new Promise<void>((resolve) => (releaseSlow = resolve));
    const client = fakeClient({
      'runs.get': async ({ runId }) => {
        if (runId === gatedRun.id) await slow;
        return { ok: true, value: details[runId]! };
      },
    });
    render(<App client={client} />);
    fireEvent.click(await screen.findByText(gatedRun.id));
    fireEvent.click(screen.getByText(otherRun.id));
    await screen.findByTestId('not-gated');
    releaseSlow();
    await waitFor(() => expect(useRunsStore.getState().detailStatus).toBe('ready'));
    expect(useRunsStore.getState().detail?.id).toBe(otherRun.id);
    expect(screen.queryByTestId('gate-table')).toBeNull();
  });
});
