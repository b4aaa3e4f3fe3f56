import { lazy, Suspense, useEffect } from 'react';
import { RemoteStatus } from '../components/remote-status';
import { AuditScreen } from '../features/audit/audit-screen';
import { BudgetsScreen } from '../features/budgets/budgets-screen';
import { GatewaysScreen } from '../features/gateways/gateways-screen';
import { ProjectSwitcher } from '../features/projects/project-switcher';
import { ProvidersScreen } from '../features/providers/providers-screen';
import { SecretsScreen } from '../features/secrets/secrets-screen';
import { SettingsScreen } from '../features/settings/settings-screen';
import { TokensScreen } from '../features/tokens/tokens-screen';
import { useAppStore } from '../store/app-store';
import { screenFromHash, screens, type Screen } from '../store/navigation-slice';
import { Navigation } from './navigation';
import { SignOutButton } from './sign-out-button';
import { StatusBar } from './status-bar';
import { usePolling } from './use-polling';

/** The charts (recharts) load with the Usage screen, so the first screen does not wait for them. */
const UsageScreen = lazy(() => import('../features/usage/usage-screen').then((module) => ({ default: module.UsageScreen })));

const screenComponents: Record<Screen, React.ComponentType> = {
  providers: ProvidersScreen,
  secrets: SecretsScreen,
  tokens: TokensScreen,
  budgets: BudgetsScreen,
  usage: UsageScreen,
  audit: AuditScreen,
  gateways: GatewaysScreen,
  settings: SettingsScreen,
};

const statusRefreshMs = 5_000;

export function AppShell() {
  const screen = useAppStore((s) => s.screen);
  const navigate = useAppStore((s) => s.navigate);
  const loadStatus = useAppStore((s) => s.loadStatus);
  const loadProjects = useAppStore((s) => s.loadProjects);
  const projectId = useAppStore((s) => s.currentProjectId);
  const projects = useAppStore((s) => s.projects);

  usePolling(loadStatus, statusRefreshMs);
  useEffect(() => {
    void loadProjects();
  }, [loadProjects]);

  useEffect(() => {
    const onHashChange = () => navigate(screenFromHash(location.hash));
    // Alt+1…9 jumps to a screen, in the order of the navigation.
    const onKey = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey) return;
      const target = screens[Number(event.key) - 1];
      if (target) {
        event.preventDefault();
        navigate(target);
      }
    };
    window.addEventListener('hashchange', onHashChange);
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('hashchange', onHashChange);
      window.removeEventListener('keydown', onKey);
    };
  }, [navigate]);

  const Current = screenComponents[screen];
  return (
    <div className="app" data-app-state="loaded">
      <a className="skip-link" href="#main-content">
        Skip to content
      </a>
      <aside className="sidebar">
        <p className="brand">Switchboard</p>
        <ProjectSwitcher />
        <Navigation />
        <SignOutButton />
      </aside>
      <main className="content" id="main-content" tabIndex={-1}>
        {/* Screens remount per project so nothing of the previous project lingers. */}
        {projectId ? (
          <Suspense fallback={<p role="status">Loading…</p>}>
            <Current key={projectId} />
          </Suspense>
        ) : (
          <RemoteStatus remote={{ ...projects, loading: true }} what="projects" onRetry={() => void loadProjects()} />
        )}
      </main>
      <StatusBar />
    </div>
  );
}
