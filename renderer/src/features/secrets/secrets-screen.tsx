import { useEffect, useState } from 'react';
import type { Secret } from '../../../../shared/operations';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { EmptyState } from '../../components/empty-state';
import { formatDateTime } from '../../components/format';
import { RemoteStatus } from '../../components/remote-status';
import { Screen } from '../../components/screen';
import { VaultBanner } from '../../components/vault-banner';
import { useAppStore } from '../../store/app-store';
import { SecretValueDialog } from './secret-value-dialog';

const backendLabels = { keychain: 'OS keychain', file: 'Encrypted file', memory: 'Memory (test)', team: 'Team vault' } as const;

export function SecretsScreen() {
  const secrets = useAppStore((s) => s.secrets);
  const providers = useAppStore((s) => s.providers.data) ?? [];
  const loadSecrets = useAppStore((s) => s.loadSecrets);
  const loadProviders = useAppStore((s) => s.loadProviders);
  const createSecret = useAppStore((s) => s.createSecret);
  const rotateSecret = useAppStore((s) => s.rotateSecret);
  const [dialog, setDialog] = useState<{ kind: 'create' } | { kind: 'rotate' | 'delete'; secret: Secret } | null>(null);

  useEffect(() => {
    void loadSecrets();
    void loadProviders();
  }, [loadSecrets, loadProviders]);

  const providerName = (id: string) => providers.find((p) => p.id === id)?.name ?? id;
  return (
    <Screen
      title="Secrets"
      description="Provider keys and platform tokens, kept in the vault. Only metadata is ever shown."
      actions={
        <button type="button" onClick={() => setDialog({ kind: 'create' })}>
          Add secret
        </button>
      }
    >
      <VaultBanner />
      <RemoteStatus remote={secrets} what="secrets" onRetry={() => void loadSecrets()} />
      {secrets.data?.length === 0 && (
        <EmptyState title="No secrets yet">
          <p>Add a provider key here, or enter one while adding a provider.</p>
        </EmptyState>
      )}
      {secrets.data && secrets.data.length > 0 && (
        <div className="table-scroll">
          <table className="data-table" aria-label="Secrets">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Fingerprint</th>
                <th scope="col">Vault</th>
                <th scope="col">Used by</th>
                <th scope="col">Rotated</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {secrets.data.map((secret) => (
                <tr key={secret.id}>
                  <th scope="row">{secret.name}</th>
                  <td>
                    <code>{secret.fingerprint}</code>
                  </td>
                  <td>{backendLabels[secret.backend]}</td>
                  <td>
                    {secret.linkedProviderIds.length > 0 ? (
                      secret.linkedProviderIds.map(providerName).join(', ')
                    ) : (
                      <span className="muted">nothing</span>
                    )}
                  </td>
                  <td>{secret.rotatedAt ? formatDateTime(secret.rotatedAt) : <span className="muted">never</span>}</td>
                  <td className="row-actions">
                    <button
                      type="button"
                      className="secondary"
                      onClick={() => setDialog({ kind: 'rotate', secret })}
                      aria-label={`Rotate ${secret.name}`}
                    >
                      Rotate
                    </button>
                    <button
                      type="button"
                      className="danger"
                      onClick={() => setDialog({ kind: 'delete', secret })}
                      aria-label={`Delete ${secret.name}`}
                    >
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {dialog?.kind === 'create' && (
        <SecretValueDialog
          title="Add secret"
          withName
          submitLabel="Save secret"
          onSubmit={({ name, value }) => createSecret(name, value)}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'rotate' && (
        <SecretValueDialog
          title={`Rotate ${dialog.secret.name}`}
          withName={false}
          submitLabel="Replace value"
          onSubmit={({ value }) => rotateSecret(dialog.secret.id, value)}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'delete' && (
        <DeleteSecretDialog secret={dialog.secret} providerName={providerName} onClose={() => setDialog(null)} />
      )}
    </Screen>
  );
}

function DeleteSecretDialog({ secret, providerName, onClose }: { secret: Secret; providerName(id: string): string; onClose(): void }) {
  const deleteSecret = useAppStore((s) => s.deleteSecret);
  const linked = secret.linkedProviderIds;
  return (
    <ConfirmDialog
      title={`Delete ${secret.name}?`}
      confirmLabel={linked.length > 0 ? 'Unlink and delete' : 'Delete secret'}
      onConfirm={() => deleteSecret(secret.id, linked.length > 0)}
      onClose={onClose}
    >
      <p>The value is removed from the vault. This cannot be undone.</p>
      {linked.length > 0 && (
        <>
          <p>These providers use it and will be left without a key:</p>
          <ul aria-label="Dependent providers">
            {linked.map((id) => (
              <li key={id}>{providerName(id)}</li>
            ))}
          </ul>
        </>
      )}
    </ConfirmDialog>
  );
}
