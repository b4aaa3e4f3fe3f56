import { useEffect, useState } from 'react';
import type { AiProvider } from '../../../../shared/operations';
import { EmptyState } from '../../components/empty-state';
import { RemoteStatus } from '../../components/remote-status';
import { Screen } from '../../components/screen';
import { useAppStore } from '../../store/app-store';
import { DeleteProviderDialog } from './delete-provider-dialog';
import { ProviderForm } from './provider-form';
import { ProvidersTable } from './providers-table';

export function ProvidersScreen() {
  const providers = useAppStore((s) => s.providers);
  const loadProviders = useAppStore((s) => s.loadProviders);
  const loadSecrets = useAppStore((s) => s.loadSecrets);
  const loadTokens = useAppStore((s) => s.loadTokens);
  const [form, setForm] = useState<{ editing: AiProvider | null } | null>(null);
  const [deleting, setDeleting] = useState<AiProvider | null>(null);

  useEffect(() => {
    void loadProviders();
    void loadSecrets();
    void loadTokens();
  }, [loadProviders, loadSecrets, loadTokens]);

  return (
    <Screen
      title="Providers"
      description="AI providers this project can route to. Pipelines call them through the agent endpoint; keys stay in the vault."
      actions={
        <button type="button" onClick={() => setForm({ editing: null })}>
          Add provider
        </button>
      }
    >
      <RemoteStatus remote={providers} what="providers" onRetry={() => void loadProviders()} />
      {providers.data?.length === 0 && (
        <EmptyState title="No providers yet">
          <p>Add one to let pipelines call it with a job token instead of its key.</p>
          <button type="button" onClick={() => setForm({ editing: null })}>
            Add your first provider
          </button>
        </EmptyState>
      )}
      {providers.data && providers.data.length > 0 && (
        <ProvidersTable providers={providers.data} onEdit={(p) => setForm({ editing: p })} onDelete={setDeleting} />
      )}
      {form && <ProviderForm editing={form.editing} onClose={() => setForm(null)} />}
      {deleting && <DeleteProviderDialog provider={deleting} onClose={() => setDeleting(null)} />}
    </Screen>
  );
}
