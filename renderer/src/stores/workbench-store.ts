import { create } from 'zustand';
import type { WorkbenchClient } from '../../../shared/contract/index.js';
import type { ReplayProgress } from '../../../shared/domain/run.js';

/**
 * What every screen shares: the client, the replays in flight (from this app or a CLI on the same workspace) and
 * a counter that moves whenever the workspace changed underneath, so screens reload what they show.
 */
export interface WorkbenchState {
  client: WorkbenchClient | null;
  /** Latest progress per run id; kept after the end so a screen can show how it ended. */
  replays: Record<string, ReplayProgress>;
  /** Bumped on every workspace.changed event and every finished replay: screens depend on it to reload. */
  changeCount: number;
  connect(client: WorkbenchClient): void;
  applyProgress(p: ReplayProgress): void;
  noteChange(dataVersion: number): void;
}

/** The app-wide state shared by every screen. */
export const useWorkbenchStore = create<WorkbenchState>()((set) => ({
  client: null,
  replays: {},
  changeCount: 0,
  connect(client) {
    set({ client, replays: {}, changeCount: 0 });
  },
  applyProgress(p) {
    const finished = p.state !== undefined && p.state !== 'running';
    set((s) => ({ replays: { ...s.replays, [p.runId]: p }, changeCount: finished ? s.changeCount + 1 : s.changeCount }));
  },
  noteChange() {
    set((s) => ({ changeCount: s.changeCount + 1 }));
  },
}));
