import { useEffect, useState } from 'react';
import type { MovableBackend, VaultState } from '../../../../shared/operations';
import { useApi } from '../../api/api-context';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { ErrorBanner } from '../../components/error-banner';
import { useAppStore } from '../../store/app-store';
import { errorMessage } from '../../store/slice';

type Target = VaultState['targets'][number];

/**
 * Where secret values live (the banner's sentence, or the keychain's), and a move of every secret to
 * another backend where one is available; where none can be, why.
 */
export function VaultSection() {
  const api = useApi();
  const loadStatus = useAppStore((s) => s.loadStatus);
  const [vault, setVault] = useState<VaultState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [moving, setMoving] = useState<Target | null>(null);
  const [done, setDone] = useState<string | null>(null);

  useEffect(() => {
    api.call('getVault', {}).then(setVault, (e: unknown) => setError(errorMessage(e)));
  }, [api]);

  async function move(to: MovableBackend, label: string) {
    const result = await api.call('moveVault', { to });
    setVault(result.vault);
    const missing = result.missing > 0 ? `; ${result.missing} had no value to move` : '';
    setDone(`Moved ${result.moved} ${result.moved === 1 ? 'secret' : 'secrets'} to ${label}${missing}.`);
    void loadStatus();
  }

  return (
    <section className="settings-section" aria-labelledby="vault-heading">
      <h2 id="vault-heading">Vault</h2>
      <ErrorBanner message={error} />
      {vault && (
        <>
          <p>
            {vault.warning ??
              `Secrets are kept in ${vault.backend === 'keychain' ? 'the OS keychain, guarded by your login' : vault.description}.`}
          </p>
          {vault.notMovable && <p className="muted">{vault.notMovable}</p>}
          {vault.targets.map((target) => (
            <div key={target.backend} className="settings-action">
              <button
                type="button"
                className="secondary"
                disabled={target.unavailable !== null}
                aria-describedby={target.unavailable ? `vault-${target.backend}-why` : undefined}
                onClick={() => {
                  setDone(null);
                  setMoving(target);
                }}
              >
                Move secrets to {target.label}
              </button>
              {target.unavailable && (
                <span id={`vault-${target.backend}-why`} className="field-hint">
                  Not available here: {target.unavailable}
                </span>
              )}
            </div>
          ))}
          {done && <p role="status">{done}</p>}
        </>
      )}
      {moving && (
        <ConfirmDialog
          title={`Move secrets to ${moving.label}?`}
          confirmLabel="Move secrets"
          onConfirm={() => move(moving.backend, moving.label)}
          onClose={() => setMoving(null)}
        >
          <p>
            Every secret is written to {moving.label} and read back first; only then does Switchboard switch to it (also for the next start)
            and remove the old copies. If anything fails before the switch, every secret stays where it is.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
