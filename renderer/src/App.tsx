import { useEffect, useState } from 'react';
import type { EventName, EventPayload, WorkbenchClient } from '../../shared/contract/index.js';
import { AppHeader, type View } from './components/AppHeader.js';
import { ImportScreen } from './screens/ImportScreen.js';
import { RunsScreen } from './screens/RunsScreen.js';
import { useImportStore } from './stores/import-store.js';
import { useRunsStore } from './stores/runs-store.js';

function subscribe<E extends EventName>(client: WorkbenchClient, event: E, listener: (payload: EventPayload<E>) => void): () => void {
  try {
    return client.on(event, listener);
  } catch (err) {
    // Live progress is a convenience; the screens work without it (results still arrive with the call).
    console.warn(`canary-gate: live updates unavailable: ${(err as Error).message}`);
    return () => {};
  }
}

/** The workbench UI on a given client (IPC in Electron, HTTP in a browser, a fake in tests). */
export function App({ client }: { client: WorkbenchClient }) {
  const [view, setView] = useState<View>('runs');
  const workspace = useRunsStore((s) => s.workspace);

  useEffect(() => {
    void useRunsStore.getState().connect(client);
    useImportStore.getState().connect(client);
    const offs = [
      subscribe(client, 'replay.progress', (p) => useRunsStore.getState().applyProgress(p)),
      subscribe(client, 'import.progress', (p) => useImportStore.getState().applyProgress(p)),
    ];
    return () => offs.forEach((off) => off());
  }, [client]);

  return (
    <div className="app">
      <AppHeader view={view} onNavigate={setView} workspace={workspace} />
      {view === 'runs' ? <RunsScreen /> : <ImportScreen />}
    </div>
  );
}
