import { EmptyState } from '../../components/empty-state';
import { Screen } from '../../components/screen';

export function SecretsScreen() {
  return (
    <Screen title="Secrets" description="Provider keys and platform tokens, stored in the vault. Only metadata is ever shown.">
      <EmptyState title="Nothing here yet." />
    </Screen>
  );
}
