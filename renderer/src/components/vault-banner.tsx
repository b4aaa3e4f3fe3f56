import { useAppStore } from '../store/app-store';

/** Where secrets are kept when it is not the OS keychain: the core's one sentence, the same everywhere. */
export function VaultBanner() {
  const warning = useAppStore((s) => s.status?.vault.warning);
  if (!warning) return null;
  return (
    <p className="banner banner-warning" role="alert">
      {warning}
    </p>
  );
}
