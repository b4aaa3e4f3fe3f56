import { useEffect, useState } from 'react';
import { DataTable } from '../../components/data-table';
import { useAppStore } from '../../store/app-store';
import { KeyPoolDialog } from './key-pool-dialog';

/** Every key of every AI provider with a key pool: ready, or resting after a throttle or a refusal. */
export function KeyPoolsTable() {
  const providers = useAppStore((s) => s.providers.data) ?? [];
  const secrets = useAppStore((s) => s.secrets.data) ?? [];
  const keys = useAppStore((s) => s.status?.upstreamHealth.keys) ?? [];
  const loadSecrets = useAppStore((s) => s.loadSecrets);
  const [editing, setEditing] = useState(false);
  useEffect(() => {
    void loadSecrets();
  }, [loadSecrets]);

  const pooled = providers.filter((p) => p.secretId !== null && p.poolSecretIds.length > 0);
  const secretName = (id: string) => secrets.find((s) => s.id === id)?.name ?? id;
  return (
    <section aria-labelledby="key-pools-title" className="screen-section">
      <h2 id="key-pools-title">Key pools</h2>
      <p className="screen-description">
        A provider may hold several keys: a key the upstream throttles (429) or refuses (401/403) rests while the others carry the requests.
      </p>
      <button type="button" className="secondary" onClick={() => setEditing(true)}>
        Edit a key pool
      </button>
      {editing && <KeyPoolDialog onClose={() => setEditing(false)} />}
      {pooled.length > 0 && (
        <DataTable label="Key pools" columns={['Provider', 'Key', 'State']}>
          {pooled.flatMap((provider) =>
            [provider.secretId!, ...provider.poolSecretIds].map((secretId) => {
              const key = keys.find((k) => k.aiProviderId === provider.id && k.secretId === secretId);
              const cooling = key?.state === 'cooling';
              return (
                <tr key={`${provider.id}-${secretId}`}>
                  <th scope="row">{provider.name}</th>
                  <td>{secretName(secretId)}</td>
                  <td>
                    <span className={`badge ${cooling ? 'badge-expired' : 'badge-active'}`}>
                      {cooling ? `Resting (HTTP ${key.lastStatus}) until ${new Date(key.coolingUntil!).toLocaleTimeString()}` : 'Ready'}
                    </span>
                  </td>
                </tr>
              );
            }),
          )}
        </DataTable>
      )}
    </section>
  );
}
