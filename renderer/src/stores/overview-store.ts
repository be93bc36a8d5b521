import { create } from 'zustand';
import type { CallResult, Method, MethodOutput, WorkbenchClient } from '../../../shared/contract/index.js';
import type { GateDrilldown } from '../../../shared/domain/case-review.js';
import type { RunDistributions, RunReports, RunSlices, TargetDiff } from '../../../shared/domain/run-overview.js';
import type { RunDetail } from '../../../shared/domain/run.js';
import { describeError } from '../api/describe-error.js';
import type { LoadStatus } from './runs-store.js';

/** One part of the overview: its value, and the error of its last load (the value shown before stays). */
export interface Section<T> {
  value: T | null;
  status: LoadStatus;
  error: string | null;
}

const empty = <T>(): Section<T> => ({ value: null, status: 'idle', error: null });

type SectionKey = 'detail' | 'slices' | 'distributions' | 'targetDiff' | 'reports';

export interface OverviewState {
  /** The run the sections describe. */
  runId: string | null;
  detail: Section<RunDetail>;
  slices: Section<RunSlices>;
  distributions: Section<RunDistributions>;
  targetDiff: Section<TargetDiff>;
  reports: Section<RunReports>;
  /** The cases behind each gate of the run's evaluation, by gate name. */
  drilldowns: Record<string, GateDrilldown>;
  drilldownError: string | null;
  resume: { status: 'idle' | 'starting' | 'started' | 'error'; error: string | null };
  /** Loads (or reloads) every part of a run's overview; a part that fails keeps what it showed. */
  load(client: WorkbenchClient, runId: string): Promise<void>;
  /** Resumes the run's replay in the engine; progress then arrives as replay.progress events. */
  resumeRun(client: WorkbenchClient, runId: string): Promise<void>;
  reset(): void;
}

const initial = {
  runId: null,
  detail: empty<RunDetail>(),
  slices: empty<RunSlices>(),
  distributions: empty<RunDistributions>(),
  targetDiff: empty<TargetDiff>(),
  reports: empty<RunReports>(),
  drilldowns: {},
  drilldownError: null,
  resume: { status: 'idle' as const, error: null },
};

// A newer load (another run, or a refresh) makes every answer of an older one stale.
let loadSeq = 0;

/** The run overview's state: the run, its gates' drill-downs, slices, distributions, target diff and reports. */
export const useOverviewStore = create<OverviewState>()((set, get) => ({
  ...initial,

  async load(client, runId) {
    const seq = ++loadSeq;
    const sameRun = get().runId === runId;
    if (sameRun) {
      set((s) => ({
        detail: { ...s.detail, status: 'loading' },
        slices: { ...s.slices, status: 'loading' },
        distributions: { ...s.distributions, status: 'loading' },
        targetDiff: { ...s.targetDiff, status: 'loading' },
        reports: { ...s.reports, status: 'loading' },
      }));
    } else {
      const loading = { value: null, status: 'loading' as const, error: null };
      set({ ...initial, runId, detail: loading, slices: loading, distributions: loading, targetDiff: loading, reports: loading });
    }
    const current = () => seq === loadSeq && get().runId === runId;

    const fill = async <M extends Method>(key: SectionKey, call: Promise<CallResult<MethodOutput<M>>>): Promise<MethodOutput<M> | null> => {
      const r = await call;
      if (!current()) return null;
      if (r.ok) {
        set({ [key]: { value: r.value, status: 'ready', error: null } } as Partial<OverviewState>);
        return r.value;
      }
      set((s) => ({ [key]: { value: s[key].value, status: 'error', error: describeError(r) } }) as Partial<OverviewState>);
      return null;
    };

    const input = { runId };
    const detail = fill<'runs.get'>('detail', client.call('runs.get', input)).then((d) => (d?.gate ? loadDrilldowns(client, runId, d.gate.gates.map((g) => g.name), current, set) : undefined));
    await Promise.all([
      detail,
      fill<'runs.slices'>('slices', client.call('runs.slices', input)),
      fill<'runs.distributions'>('distributions', client.call('runs.distributions', input)),
      fill<'runs.targetDiff'>('targetDiff', client.call('runs.targetDiff', input)),
      fill<'runs.reports'>('reports', client.call('runs.reports', input)),
    ]);
  },

  async resumeRun(client, runId) {
    set({ resume: { status: 'starting', error: null } });
    const r = await client.call('replay.resume', { runId });
    if (get().runId !== runId) return;
    set({ resume: r.ok ? { status: 'started', error: null } : { status: 'error', error: describeError(r) } });
  },

  reset() {
    loadSeq += 1;
    set({ ...initial });
  },
}));

async function loadDrilldowns(
  client: WorkbenchClient,
  runId: string,
  gates: string[],
  current: () => boolean,
  set: (partial: Partial<OverviewState>) => void,
): Promise<void> {
  // Gate names repeat only in a malformed policy; one call per name is enough.
  const names = [...new Set(gates)];
  const answers = await Promise.all(names.map((gate) => client.call('gates.drilldown', { runId, gate })));
  if (!current()) return;
  const drilldowns: Record<string, GateDrilldown> = {};
  let error: string | null = null;
  answers.forEach((r, i) => {
    if (r.ok) drilldowns[names[i]!] = r.value;
    else error ??= describeError(r);
  });
  // A gate whose drill-down failed this time keeps the one shown before.
  set({ drilldowns: { ...useOverviewStore.getState().drilldowns, ...drilldowns }, drilldownError: error });
}
