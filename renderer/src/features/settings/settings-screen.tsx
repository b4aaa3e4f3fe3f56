import { Screen } from '../../components/screen';
import { useAppStore } from '../../store/app-store';

export function SettingsScreen() {
  const status = useAppStore((s) => s.status);
  if (!status) return <Screen title="Settings">Loading…</Screen>;
  const rows: [string, string][] = [
    ['Agent endpoint', status.agentEndpoint ?? 'stopped'],
    ['API', status.apiBaseUrl ?? 'stopped'],
    ['Vault', status.vault.backend],
    ['Data directory', status.dataDir],
    ['Version', status.version],
    ['Mode', status.mode],
  ];
  return (
    <Screen title="Settings" description="Where this Switchboard listens and keeps its data.">
      {status.vault.warning && (
        <p className="banner banner-warning" role="alert">
          {status.vault.warning}
        </p>
      )}
      <dl className="facts">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>
              <code>{value}</code>
            </dd>
          </div>
        ))}
      </dl>
    </Screen>
  );
}
