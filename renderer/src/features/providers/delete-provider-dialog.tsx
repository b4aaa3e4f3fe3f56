import type { AiProvider } from '../../../../shared/operations';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { useAppStore } from '../../store/app-store';

/** Confirms a deletion, naming what depends on the provider: tokens limited to it, its linked secret. */
export function DeleteProviderDialog({ provider, onClose }: { provider: AiProvider; onClose(): void }) {
  const tokens = useAppStore((s) => s.tokens.data) ?? [];
  const providers = useAppStore((s) => s.providers.data) ?? [];
  const secrets = useAppStore((s) => s.secrets.data) ?? [];
  const deleteProvider = useAppStore((s) => s.deleteProvider);
  const onlyOfSlug = providers.filter((p) => p.provider === provider.provider).length === 1;
  const dependentTokens = tokens.filter(
    (t) => !t.revokedAt && (t.allowedProviders.includes(provider.id) || (onlyOfSlug && t.allowedProviders.includes(provider.provider))),
  );
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
          <p>These tokens may only call this provider and will stop working:</p>
          <ul aria-label="Dependent tokens">
            {dependentTokens.map((t) => (
              <li key={t.id}>{t.name}</li>
            ))}
          </ul>
        </>
      ) : (
        <p>No token is limited to this provider.</p>
      )}
      {secret && (
        <p>
          Its secret <strong>{secret.name}</strong> stays in the vault; delete it on the Secrets screen if nothing else needs it.
        </p>
      )}
    </ConfirmDialog>
  );
}
