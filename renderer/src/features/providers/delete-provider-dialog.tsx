import type { AiProvider } from '../../../../shared/operations';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { useState } from 'react';
import { useAppStore } from '../../store/app-store';
import { tokensStoppedBy } from './dependent-tokens';

/** Confirms a deletion, naming what depends on the provider: tokens left with no provider, its linked secret. */
export function DeleteProviderDialog({ provider, onClose }: { provider: AiProvider; onClose(): void }) {
  const tokens = useAppStore((s) => s.tokens.data) ?? [];
  const providers = useAppStore((s) => s.providers.data) ?? [];
  const secrets = useAppStore((s) => s.secrets.data) ?? [];
  const deleteProvider = useAppStore((s) => s.deleteProvider);
  const [now] = useState(Date.now);
  const dependentTokens = tokensStoppedBy(provider, providers, tokens, now);
  const secret = secrets.find((s) => s.id === provider.secretId);
  return (
    <ConfirmDialog
      title={`Delete ${provider.name}?`}
      confirmLabel="Delete provider"
      onConfirm={() => deleteProvider(provider.id)}
      onClose={onClose}
    >
      <p>Pipelines calling this provider will be refused from now on. Its usage history is kept.</p>
      {dependentTokens.length > 0 ? (
        <>
          <p>These tokens can call no other provider and will stop working:</p>
          <ul aria-label="Dependent tokens">
            {dependentTokens.map((t) => (
              <li key={t.id}>{t.name}</li>
            ))}
          </ul>
        </>
      ) : (
        <p>No token depends on this provider alone.</p>
      )}
      {secret && (
        <p>
          Its secret <strong>{secret.name}</strong> stays in the vault; delete it on the Secrets screen if nothing else needs it.
        </p>
      )}
    </ConfirmDialog>
  );
}
