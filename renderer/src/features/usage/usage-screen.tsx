import { EmptyState } from '../../components/empty-state';
import { Screen } from '../../components/screen';

export function UsageScreen() {
  return (
    <Screen title="Usage" description="Requests, tokens and cost across providers, models and pipelines.">
      <EmptyState title="Nothing here yet." />
    </Screen>
  );
}
