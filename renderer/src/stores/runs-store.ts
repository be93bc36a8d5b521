import { create } from 'zustand';
import type { MethodOutput, WorkbenchClient } from '../../../shared/contract/index.js';
import type { ReplayProgress, RunDetail, RunSummary } from '../../../shared/domain/run.js';
import { describeError } from '../api/describe-error.js';

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

const PAGE_SIZE = 50;

export interface RunsState {
  client: WorkbenchClient | null;
  workspace: MethodOutput<'workspace.info'> | null;
  runs: RunSummary[];
  total: number;
  listStatus: LoadStatus;
  listError: string | null;
  selectedId: string | null;
  detail: RunDetail | null;
  detailStatus: LoadStatus;
  detailError: string | null;
  /** Replays in flight, by run id, as the engine reports them. */
  progress: Record<string, ReplayProgress>;
  /** Attaches the client and loads the workspace and the first page of runs. */
  connect(client: WorkbenchClient): Promise<void>;
  /** Reloads the first page of runs (and the selected run). */
  refresh(): Promise<void>;
  /** Appends the next page of runs. */
  loadMore(): Promise<void>;
  /** Selects a run and loads its detail. */
  select(runId: string): Promise<void>;
  /** Records a replay.progress event; a finished replay refreshes the list. */
  applyProgress(p: ReplayProgress): void;
  /** Back to the initial state (tests, or a client switch). */
  reset(): void;
}

const initial = {
  client: null,
  workspace: null,
  runs: [],
  total: 0,
  listStatus: 'idle' as LoadStatus,
  listError: null,
  selectedId: null,
  detail: null,
  detailStatus: 'idle' as LoadStatus,
  detailError: null,
  progress: {},
};

// Responses can arrive out of order (a slow run detail after a newer click); each request remembers its
// sequence number and only the latest one may write.
let listSeq = 0;
let detailSeq = 0;

/** The runs screen's state: the run list, the selected run and its gate evaluation. */
export const useRunsStore = create<RunsState>()((set, get) => ({
  ...initial,

  async connect(client) {
    set({ ...initial, client });
    void client.call('workspace.info', {}).then((r) => {
      if (get().client === client && r.ok) set({ workspace: r.value });
    });
    await get().refresh();
  },

  async refresh() {
    const { client, selectedId } = get();
    if (!client) return;
    const seq = ++listSeq;
    set({ listStatus: 'loading', listError: null });
    const r = await client.call('runs.list', { limit: PAGE_SIZE, offset: 0 });
    if (seq !== listSeq || get().client !== client) return;
    if (r.ok) set({ runs: r.value.runs, total: r.value.total, listStatus: 'ready' });
    else set({ listStatus: 'error', listError: describeError(r) });
    if (selectedId) await get().select(selectedId);
  },

  async loadMore() {
    const { client, runs } = get();
    if (!client) return;
    const seq = ++listSeq;
    set({ listStatus: 'loading', listError: null });
    const r = await client.call('runs.list', { limit: PAGE_SIZE, offset: runs.length });
    if (seq !== listSeq || get().client !== client) return;
    if (r.ok) {
      const seen = new Set(runs.map((x) => x.id));
      set({ runs: [...runs, ...r.value.runs.filter((x) => !seen.has(x.id))], total: r.value.total, listStatus: 'ready' });
    } else set({ listStatus: 'error', listError: describeError(r) });
  },

  async select(runId) {
    const { client } = get();
    if (!client) return;
    const seq = ++detailSeq;
    const keep = get().detail?.id === runId ? get().detail : null;
    set({ selectedId: runId, detail: keep, detailStatus: 'loading', detailError: null });
    const r = await client.call('runs.get', { runId });
    if (seq !== detailSeq || get().client !== client) return;
    if (r.ok) set({ detail: r.value, detailStatus: 'ready' });
    else set({ detail: null, detailStatus: 'error', detailError: describeError(r) });
  },

  applyProgress(p) {
    const isNew = !get().progress[p.runId] && !get().runs.some((r) => r.id === p.runId);
    set((s) => ({ progress: { ...s.progress, [p.runId]: p } }));
    if (p.done >= p.total) {
      set((s) => {
        const { [p.runId]: _done, ...rest } = s.progress;
        return { progress: rest };
      });
      void get().refresh();
    } else if (isNew) {
      // A replay started elsewhere (CLI): list it right away instead of only when it finishes.
      void get().refresh();
    }
  },

  reset() {
    listSeq += 1;
    detailSeq += 1;
    set({ ...initial });
  },
}));
