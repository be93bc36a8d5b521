import { create } from 'zustand';
import type { ReplayEstimate } from '../../../shared/domain/replay-control.js';
import type { MethodOutput, WorkbenchClient } from '../../../shared/contract/index.js';
import { describeError } from '../api/describe-error.js';
import { buildReplayRequest, emptyReplayForm, startBlocker, type ReplayFormValues } from '../components/replay/replay-form.js';
import { useWorkbenchStore } from './workbench-store.js';

export type ActiveReplay = MethodOutput<'replay.active'>['replays'][number];

export interface ReplayState {
  client: WorkbenchClient | null;
  form: ReplayFormValues;
  /** The workspace's defaults (an estimate of the empty request), shown as the inputs' placeholders. */
  defaults: ReplayEstimate | null;
  defaultsError: string | null;
  estimate: ReplayEstimate | null;
  /** The estimateKey of the inputs the estimate (or its error) belongs to. */
  estimateKey: string | null;
  estimateStatus: 'idle' | 'loading' | 'ready' | 'error';
  estimateError: string | null;
  starting: boolean;
  startError: string | null;
  /** The estimateKey of the inputs last started, so the same start is not offered twice. */
  startedKey: string | null;
  /** The run this screen started or resumed last; its progress comes from the workbench store. */
  runId: string | null;
  /** The calls the start answered with, shown until the run's first progress event. */
  startedCalls: number | null;
  /** Per run id: a cancel, resume or start in flight, or its error. */
  actions: Record<string, { busy: boolean; error: string | null }>;
  active: ActiveReplay[];
  activeError: string | null;
  /** Loads the defaults and the replays in flight (on opening the screen, and when the workspace changed). */
  load(): Promise<void>;
  loadActive(): Promise<void>;
  setForm(patch: Partial<ReplayFormValues>): void;
  runEstimate(): Promise<void>;
  start(): Promise<void>;
  cancel(runId: string): Promise<void>;
  /** Resumes a cancelled or interrupted run, with the form's concurrency and cost cap when given. */
  resume(runId: string): Promise<void>;
  reset(): void;
}

const initial = {
  client: null,
  form: emptyReplayForm,
  defaults: null,
  defaultsError: null,
  estimate: null,
  estimateKey: null,
  estimateStatus: 'idle' as const,
  estimateError: null,
  starting: false,
  startError: null,
  startedKey: null,
  runId: null,
  startedCalls: null,
  actions: {},
  active: [],
  activeError: null,
};

// Only the latest estimate may write (a slow one must not overwrite a newer one).
let estimateSeq = 0;

/** The Replay screen: the launcher's form, the estimate, and the replays this screen started or follows. */
export const useReplayStore = create<ReplayState>()((set, get) => {
  const client = () => {
    const c = useWorkbenchStore.getState().client;
    // A new client (the app reconnected) starts from a clean screen.
    if (c && get().client !== c) set({ ...initial, client: c });
    return c;
  };
  const setAction = (runId: string, busy: boolean, error: string | null) => set((s) => ({ actions: { ...s.actions, [runId]: { busy, error } } }));

  return {
    ...initial,

    async load() {
      const c = client();
      if (!c) return;
      void get().loadActive();
      const r = await c.call('replay.estimate', {});
      if (get().client !== c) return;
      if (r.ok) set({ defaults: r.value, defaultsError: null });
      else set({ defaultsError: describeError(r) });
    },

    async loadActive() {
      const c = client();
      if (!c) return;
      const r = await c.call('replay.active', {});
      if (get().client !== c) return;
      // A failed refresh keeps the list that was shown.
      if (r.ok) set({ active: r.value.replays, activeError: null });
      else set({ activeError: describeError(r) });
    },

    setForm(patch) {
      set((s) => ({ form: { ...s.form, ...patch }, startError: null }));
    },

    async runEstimate() {
      const c = client();
      const built = buildReplayRequest(get().form);
      if (!c || !built.ok) return;
      const seq = ++estimateSeq;
      set({ estimateStatus: 'loading', estimateError: null });
      const r = await c.call('replay.estimate', built.request);
      if (seq !== estimateSeq || get().client !== c) return;
      if (r.ok) set({ estimateStatus: 'ready', estimate: r.value, estimateKey: built.estimateKey, startedKey: null });
      else set({ estimateStatus: 'error', estimate: null, estimateKey: built.estimateKey, estimateError: describeError(r) });
    },

    async start() {
      const c = client();
      const s = get();
      const built = buildReplayRequest(s.form);
      if (!c || !built.ok || startBlocker(s.form, { value: s.estimate, key: s.estimateKey, loading: s.estimateStatus === 'loading', startedKey: s.startedKey }, s.starting) !== null) return;
      set({ starting: true, startError: null });
      const r = await c.call('replay.start', {
        ...built.request,
        ...(built.concurrency !== undefined ? { concurrency: built.concurrency } : {}),
        ...(built.cap !== null ? { maxCostUsd: built.cap } : {}),
        ...(s.form.allowIdentical ? { allowIdenticalTargets: true } : {}),
      });
      if (get().client !== c) return;
      if (r.ok) {
        set({ starting: false, runId: r.value.runId, startedCalls: r.value.calls, startedKey: built.estimateKey });
        void get().loadActive();
      } else set({ starting: false, startError: describeError(r) });
    },

    async cancel(runId) {
      const c = client();
      if (!c) return;
      setAction(runId, true, null);
      const r = await c.call('replay.cancel', { runId });
      if (get().client !== c) return;
      if (!r.ok) setAction(runId, false, describeError(r));
      else if (!r.value.cancelled) setAction(runId, false, 'This replay is not running in this process any more: it may have just finished, or it was started elsewhere (stop it there).');
      else setAction(runId, false, null);
    },

    async resume(runId) {
      const c = client();
      if (!c) return;
      const built = buildReplayRequest(get().form);
      setAction(runId, true, null);
      const r = await c.call('replay.resume', {
        runId,
        ...(built.ok && built.concurrency !== undefined ? { concurrency: built.concurrency } : {}),
        ...(built.ok && built.cap !== null ? { maxCostUsd: built.cap } : {}),
      });
      if (get().client !== c) return;
      if (r.ok) {
        setAction(runId, false, null);
        set({ runId: r.value.runId, startedCalls: r.value.calls });
        // The run is running again: until its first event, show the counts it had with the new state.
        const last = useWorkbenchStore.getState().replays[runId];
        if (last) useWorkbenchStore.getState().applyProgress({ runId, done: last.done, total: last.total, infraErrors: last.infraErrors, state: 'running', ...(last.spentUsd !== undefined ? { spentUsd: last.spentUsd } : {}) });
        void get().loadActive();
      } else setAction(runId, false, describeError(r));
    },

    reset() {
      estimateSeq += 1;
      set({ ...initial });
    },
  };
});
