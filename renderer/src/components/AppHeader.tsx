import type { MethodOutput } from '../../../shared/contract/index.js';
import type { Route, ScreenName } from '../routing/route.js';
import { hrefOf } from '../routing/use-route.js';

const SCREENS: { id: ScreenName; title: string; route: Route }[] = [
  { id: 'run', title: 'Runs', route: { screen: 'run' } },
  { id: 'replay', title: 'Replay', route: { screen: 'replay' } },
  { id: 'traffic', title: 'Traffic', route: { screen: 'traffic', filter: {} } },
  { id: 'suites', title: 'Suites', route: { screen: 'suites', filter: {} } },
  { id: 'import', title: 'Import', route: { screen: 'import' } },
];

/** Which top-level section a screen belongs to (a run's cases and review are part of Runs). */
function section(screen: ScreenName): ScreenName {
  return screen === 'cases' || screen === 'review' ? 'run' : screen;
}

export interface AppHeaderProps {
  route: Route;
  workspace: MethodOutput<'workspace.info'> | null;
}

/** The top bar: brand, the screens of the app, and which workspace it is working on. */
export function AppHeader({ route, workspace }: AppHeaderProps) {
  const current = section(route.screen);
  return (
    <header className="topbar">
      <div className="topbar-left">
        <div className="brand">
          <span className="logo" aria-hidden="true" />
          Canary Gate
        </div>
        <nav className="nav" aria-label="Screens">
          {SCREENS.map((s) => (
            <a
              key={s.id}
              href={hrefOf(s.route)}
              className={s.id === current ? 'nav-item active' : 'nav-item'}
              data-testid={`nav-${s.id === 'run' ? 'runs' : s.id}`}
              aria-current={s.id === current ? 'page' : undefined}
            >
              {s.title}
            </a>
          ))}
        </nav>
      </div>
      {workspace && (
        <div className="workspace" title={workspace.database}>
          <span className="label">Workspace</span> <code>{workspace.root}</code> <span className="version">v{workspace.version}</span>
        </div>
      )}
    </header>
  );
}
