import { useEffect } from 'react';
import { ProvidersScreen } from '../features/providers/providers-screen';
import { SecretsScreen } from '../features/secrets/secrets-screen';
import { SettingsScreen } from '../features/settings/settings-screen';
import { TokensScreen } from '../features/tokens/tokens-screen';
import { UsageScreen } from '../features/usage/usage-screen';
import { useAppStore } from '../store/app-store';
import { screenFromHash, type Screen } from '../store/navigation-slice';
import { Navigation } from './navigation';
import { StatusBar } from './status-bar';

const screenComponents: Record<Screen, () => React.JSX.Element> = {
  providers: ProvidersScreen,
  secrets: SecretsScreen,
  tokens: TokensScreen,
  usage: UsageScreen,
  settings: SettingsScreen,
};

export function AppShell() {
  const screen = useAppStore((s) => s.screen);
  const navigate = useAppStore((s) => s.navigate);
  const loadStatus = useAppStore((s) => s.loadStatus);

  useEffect(() => {
    void loadStatus();
  }, [loadStatus]);

  useEffect(() => {
    const onHashChange = () => navigate(screenFromHash(location.hash));
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, [navigate]);

  const Current = screenComponents[screen];
  return (
    <div className="app" data-app-state="loaded">
      <aside className="sidebar">
        <p className="brand">Switchboard</p>
        <Navigation />
      </aside>
      <main className="content">
        <Current />
      </main>
      <StatusBar />
    </div>
  );
}
