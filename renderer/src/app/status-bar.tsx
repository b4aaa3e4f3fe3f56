import { useAppStore } from '../store/app-store';

/** Version, data directory and proxy address, always in view. */
export function StatusBar() {
  const status = useAppStore((s) => s.status);
  const error = useAppStore((s) => s.statusError);
  if (error) {
    return (
      <footer className="status-bar" role="status">
        <span className="status-error">Cannot reach Switchboard: {error}</span>
      </footer>
    );
  }
  if (!status) {
    return (
      <footer className="status-bar" role="status">
        Connecting…
      </footer>
    );
  }
  return (
    <footer className="status-bar" role="status" aria-label="Status">
      <span>Switchboard {status.version}</span>
      <span>
        Proxy: <code>{status.agentEndpoint ?? 'stopped'}</code>
      </span>
      <span>
        Data: <code>{status.dataDir}</code>
      </span>
    </footer>
  );
}
