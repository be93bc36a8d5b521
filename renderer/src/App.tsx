import { useEffect } from 'react';
import type { WorkbenchClient } from '../../shared/contract/index.js';
import { RunsScreen } from './screens/RunsScreen.js';
import { useRunsStore } from './stores/runs-store.js';

/** The workbench UI on a given client (IPC in Electron, HTTP in a browser, a fake in tests). */
export function App({ client }: { client: WorkbenchClient }) {
  useEffect(() => {
    const store = useRunsStore.getState();
    void store.connect(client);
    let off = () => {};
    try {
      off = client.on('replay.progress', (p) => useRunsStore.getState().applyProgress(p));
    } catch (err) {
      // Live progress is a convenience; the screen works without it (Refresh still does).
      console.warn(`canary-gate: live updates unavailable: ${(err as Error).message}`);
    }
    return off;
  }, [client]);
  return <RunsScreen />;
}
