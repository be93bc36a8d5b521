import { useEffect, type MouseEvent } from 'react';
import type { EventName, EventPayload, WorkbenchClient } from '../../shared/contract/index.js';
import { AppHeader } from './components/AppHeader.js';
import { useRoute } from './routing/use-route.js';
import { CasesScreen } from './screens/CasesScreen.js';
import { ImportScreen } from './screens/ImportScreen.js';
import { ReplayScreen } from './screens/ReplayScreen.js';
import { ReviewScreen } from './screens/ReviewScreen.js';
import { SuitesScreen } from './screens/SuitesScreen.js';
import { RunOverviewScreen } from './screens/RunOverviewScreen.js';
import { TrafficScreen } from './screens/TrafficScreen.js';
import { useImportStore } from './stores/import-store.js';
import { useRunsStore } from './stores/runs-store.js';
import { useWorkbenchStore } from './stores/workbench-store.js';

function subscribe<E extends EventName>(client: WorkbenchClient, event: E, listener: (payload: EventPayload<E>) => void): () => void {
  try {
    return client.on(event, listener);
  } catch (err) {
    // Live progress is a convenience; the screens work without it (results still arrive with the call).
    console.warn(`canary-gate: live updates unavailable: ${(err as Error).message}`);
    return () => {};
  }
}

/** Moves keyboard focus to the screen's main region without touching the URL. */
function skipToContent(e: MouseEvent<HTMLAnchorElement>): void {
  e.preventDefault();
  const main = document.querySelector<HTMLElement>('main');
  if (!main) return;
  if (!main.hasAttribute('tabindex')) main.setAttribute('tabindex', '-1');
  main.focus();
}

/** The workbench UI on a given client (IPC in Electron, HTTP in a browser, a fake in tests). */
export function App({ client }: { client: WorkbenchClient }) {
  const route = useRoute();
  const workspace = useRunsStore((s) => s.workspace);

  useEffect(() => {
    useWorkbenchStore.getState().connect(client);
    void useRunsStore.getState().connect(client);
    useImportStore.getState().connect(client);
    const offs = [
      subscribe(client, 'replay.progress', (p) => {
        useRunsStore.getState().applyProgress(p);
        useWorkbenchStore.getState().applyProgress(p);
      }),
      subscribe(client, 'import.progress', (p) => useImportStore.getState().applyProgress(p)),
      // Another process (a CLI replay, import or gate) changed the workspace: every view reloads what it shows.
      subscribe(client, 'workspace.changed', (p) => {
        useWorkbenchStore.getState().noteChange(p.dataVersion);
        void useRunsStore.getState().refresh();
      }),
    ];
    return () => offs.forEach((off) => off());
  }, [client]);

  return (
    <div className="app">
      {/* Not a plain href="#main": the hash holds the route, so the link moves focus instead of navigating. */}
      <a className="skip-link" href="#main" onClick={skipToContent}>
        Skip to content
      </a>
      <AppHeader route={route} workspace={workspace} />
      {route.screen === 'run' && <RunOverviewScreen route={route} />}
      {route.screen === 'cases' && <CasesScreen route={route} />}
      {route.screen === 'review' && <ReviewScreen route={route} />}
      {route.screen === 'replay' && <ReplayScreen route={route} />}
      {route.screen === 'traffic' && <TrafficScreen route={route} />}
      {route.screen === 'suites' && <SuitesScreen route={route} />}
      {route.screen === 'import' && <ImportScreen />}
    </div>
  );
}
