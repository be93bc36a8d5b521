import type { MethodOutput } from '../../../shared/contract/index.js';

export type View = 'runs' | 'import';

const VIEWS: { id: View; title: string }[] = [
  { id: 'runs', title: 'Runs' },
  { id: 'import', title: 'Import' },
];

export interface AppHeaderProps {
  view: View;
  onNavigate(view: View): void;
  workspace: MethodOutput<'workspace.info'> | null;
}

/** The top bar: brand, the screens of the app, and which workspace it is working on. */
export function AppHeader({ view, onNavigate, workspace }: AppHeaderProps) {
  return (
    <header className="topbar">
      <div className="topbar-left">
        <div className="brand">
          <span className="logo" aria-hidden="true" />
          Canary Gate
        </div>
        <nav className="nav" aria-label="Screens">
          {VIEWS.map((v) => (
            <button
              key={v.id}
              type="button"
              className={v.id === view ? 'nav-item active' : 'nav-item'}
              data-testid={`nav-${v.id}`}
              aria-current={v.id === view ? 'page' : undefined}
              onClick={() => onNavigate(v.id)}
            >
              {v.title}
            </button>
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
