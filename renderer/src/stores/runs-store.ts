import { create } from 'zustand';
import type { MethodOutput, WorkbenchClient } from '../../../shared/contract/index.js';
import type { ReplayProgress, RunSummary } from '../../../shared/domain/run.js';
import { describeError } from '../api/describe-error.js';

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

const PAGE_SIZE = 50;

export interface RunsState {
  client: WorkbenchClient | null;
  workspace: MethodOutput<'workspace.info'> | null;
  runs: RunSummary[];
  total: number;
  listStatus: LoadStatus;
  /** The last failed load; the runs already shown stay on screen next to it. */
  listError: string | null;
  /** Replays in flight, by run id, as the engine reports them. */
  progress: Record<string, ReplayProgress>;
  /** Attaches the client and loads the workspace and the first page of runs. */
  connect(client: WorkbenchClient): Promise<void>;
  /** Reloads the first page of runs; a failure keeps the list that was shown. */
  refresh(): Promise<void>;
  /** Appends the next page of runs. */
  loadMore(): Promise<void>;
  /** Records a replay.progress event; a finished replay, or one started elsewhere, refreshes the list. */
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
  progress: {},
};

// Responses can arrive out of order (a slow first page after a newer refresh); only the latest may write.
let listSeq = 0;

/** The workspace's runs, newest first, for the run list pane. */
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
    const { client } = get();
    if (!client) return;
    const seq = ++listSeq;
    set({ listStatus: 'loading' });
    const r = await client.call('runs.list', { limit: PAGE_SIZE, offset: 0 });
    if (seq !== listSeq || get().client !== client) return;
    if (r.ok) set({ runs: r.value.runs, total: r.value.total, listStatus: 'ready', listError: null });
    else set({ listStatus: 'error', listError: describeError(r) });
  },

  async loadMore() {
    const { client, runs } = get();
    if (!client) return;
    const seq = ++listSeq;
    set({ listStatus: 'loading' });
    const r = await client.call('runs.list', { limit: PAGE_SIZE, offset: runs.length });
    if (seq !== listSeq || get().client !== client) return;
    if (r.ok) {
      const seen = new Set(runs.map((x) => x.id));
      set({ runs: [...runs, ...r.value.runs.filter((x) => !seen.has(x.id))], total: r.value.total, listStatus: 'ready', listError: null });
    } else set({ listStatus: 'error', listError: describeError(r) });
  },

  applyProgress(p) {
    const isNew = !get().progress[p.runId] && !get().runs.some((r) => r.id === p.runId);
    const finished = (p.state !== undefined && p.state !== 'running') || p.done >= p.total;
    if (finished) {
      set((s) => {
        const { [p.runId]: _done, ...rest } = s.progress;
        return { progress: rest };
      });
      void get().refresh();
      return;
    }
    set((s) => ({ progress: { ...s.progress, [p.runId]: p } }));
    // A replay started elsewhere (CLI): list it right away instead of only when it finishes.
    if (isNew) void get().refresh();
  },

  reset() {
    listSeq += 1;
    set({ ...initial });
  },
}));
