import { useState, type FormEvent } from 'react';
import { Dialog } from '../../components/dialog';
import { ErrorBanner } from '../../components/error-banner';
import { SelectField } from '../../components/select-field';
import { useAppStore } from '../../store/app-store';
import { errorMessage } from '../../store/slice';

/** Links further secrets to an AI provider as its key pool: used in turn with its own key. */
export function KeyPoolDialog({ onClose }: { onClose(): void }) {
  const providers = (useAppStore((s) => s.providers.data) ?? []).filter((p) => p.secretId !== null && p.authMethod === 'byo');
  const secrets = useAppStore((s) => s.secrets.data) ?? [];
  const updateProvider = useAppStore((s) => s.updateProvider);
  const [providerId, setProviderId] = useState(providers[0]?.id ?? '');
  const provider = providers.find((p) => p.id === providerId);
  const [pool, setPool] = useState<string[]>(provider?.poolSecretIds ?? []);
  const [error, setError] = useState<string | null>(null);
  const candidates = secrets.filter((s) => s.id !== provider?.secretId);

  function choose(id: string) {
    setProviderId(id);
    setPool(providers.find((p) => p.id === id)?.poolSecretIds ?? []);
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!provider) return;
    try {
      await updateProvider({ aiProviderId: provider.id, poolSecretIds: pool });
      onClose();
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }

  return (
    <Dialog title="Key pool" onClose={onClose}>
      <form onSubmit={onSubmit} className="form">
        <SelectField
          label="Provider"
          hint="Its own key is the pool's first key."
          value={providerId}
          onChange={choose}
          options={providers.map((p) => ({ value: p.id, label: `${p.name} (${p.provider})` }))}
        />
        <fieldset className="choice-group">
          <legend>Further keys</legend>
          {candidates.length === 0 && <p className="muted">Store more keys on the Secrets screen first.</p>}
          {candidates.map((secret) => (
            <label key={secret.id} className="choice choice-inline">
              <input
                type="checkbox"
                checked={pool.includes(secret.id)}
                onChange={() => setPool(pool.includes(secret.id) ? pool.filter((id) => id !== secret.id) : [...pool, secret.id])}
              />
              {secret.name}
            </label>
          ))}
        </fieldset>
        <ErrorBanner message={error} />
        <div className="form-actions">
          <button type="button" className="secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" disabled={!provider}>
            Save key pool
          </button>
        </div>
      </form>
    </Dialog>
  );
}
