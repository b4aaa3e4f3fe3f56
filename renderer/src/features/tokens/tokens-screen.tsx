import { EmptyState } from '../../components/empty-state';
import { Screen } from '../../components/screen';

export function TokensScreen() {
  return (
    <Screen title="Tokens" description="Job tokens for pipelines and API tokens for automation.">
      <EmptyState title="Nothing here yet." />
    </Screen>
  );
}
