import { EmptyState } from '../../components/empty-state';
import { Screen } from '../../components/screen';

export function ProvidersScreen() {
  return (
    <Screen title="Providers" description="AI providers this project can route to. Each keeps its key in the OS keychain.">
      <EmptyState title="Nothing here yet." />
    </Screen>
  );
}
