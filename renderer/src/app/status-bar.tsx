import { formatUsd } from '../components/format';
import { useAppStore } from '../store/app-store';

/** Proxy state and traffic, version and data directory, always in view. */
export function StatusBar() {
  const status = useAppStore((s) => s.status);
  const error = useAppStore((s) => s.statusError);
  if (error && !status) {
    return (
      <footer className="status-bar" role="status" aria-label="Status">
        <span className="status-error">Cannot reach Switchboard: {error}</span>
      </footer>
    );
  }
  if (!status) {
    return (
      <footer className="status-bar" role="status" aria-label="Status">
        Connecting…
      </footer>
    );
  }
  const { proxy } = status;
  const state = status.agentEndpoint ? proxy.state : 'stopped';
  return (
    <footer className="status-bar" role="status" aria-label="Status">
      <span className="status-proxy">
        <span className={`dot dot-${state}`} aria-hidden="true" />
        Proxy {state}
        {' · '}
        <span>{proxy.requestsPerMinute} req/min</span>
        {' · '}
        <span>{proxy.inFlight} in flight</span>
      </span>
      <span>
        Agent endpoint: <code>{status.agentEndpoint ?? 'stopped'}</code>
      </span>
      <span>
        Data: <code>{status.dataDir}</code>
      </span>
      {status.nearestBudget && (
        <span className="status-budget">
          Budget {status.nearestBudget.name}: {formatUsd(status.nearestBudget.spentMicroUsd)} of{' '}
          {formatUsd(status.nearestBudget.capMicroUsd)}
        </span>
      )}
      <span>Switchboard {status.version}</span>
      {error && <span className="status-error">Connection lost: {error}</span>}
    </footer>
  );
}
