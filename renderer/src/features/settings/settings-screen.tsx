import { useState, type ReactNode } from 'react';
import type { SystemStatus } from '../../../../shared/operations';
import { CopyButton } from '../../components/copy-button';
import { Screen } from '../../components/screen';
import { desktopTeamDatabaseApi } from '../../api/team-database';
import { useAppStore } from '../../store/app-store';
import { TeamDatabaseSection } from './team-database-section';
import { RetentionSettings } from './retention-settings';
import { GatewaySettingsForm } from './gateway-settings-form';
import { TelemetrySettingsForm } from './telemetry-settings-form';
import { BodyCaptureSettings } from './body-capture-settings';
import { VaultSection } from './vault-section';

/** Where this Switchboard listens, where it keeps data and secrets, and what it runs. */
export function SettingsScreen() {
  const [teamDatabase] = useState(desktopTeamDatabaseApi);
  const status = useAppStore((s) => s.status);
  const statusError = useAppStore((s) => s.statusError);
  if (!status) {
    return (
      <Screen title="Settings">
        <p role={statusError ? 'alert' : 'status'}>{statusError ? `Cannot reach Switchboard: ${statusError}` : 'Loading…'}</p>
      </Screen>
    );
  }
  const port = status.agentEndpoint ? new URL(status.agentEndpoint).port : null;
  const rows: Array<[string, ReactNode]> = [
    ['Agent endpoint', copyable(status.agentEndpoint, 'Copy agent endpoint')],
    ['Address', port ? `127.0.0.1, port ${port} (loopback only)` : 'stopped'],
    ['REST API', copyable(status.apiBaseUrl, 'Copy API address')],
    ['Vault', status.vault.description],
    ['Proxy', `${status.proxy.state}, ${status.proxy.requestsPerMinute} requests in the last minute, ${status.proxy.inFlight} in flight`],
    ['Usage recording', usageRecordingText(status.usageRecording)],
    ['Data directory', copyable(status.dataDir, 'Copy data directory')],
    ['Price table', <span title={status.priceTable.source}>Prices as of {status.priceTable.asOf}</span>],
    ['Version', `${status.version} (${status.mode})`],
    ['Started', new Date(status.startedAt).toLocaleString()],
  ];
  return (
    <Screen title="Settings" description="Where this Switchboard listens and keeps its data. Pipelines use the agent endpoint.">
      <GatewaySettingsForm />
      <dl className="facts">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <VaultSection />
      {teamDatabase && <TeamDatabaseSection api={teamDatabase} />}
      <RetentionSettings />
      <BodyCaptureSettings />
      <TelemetrySettingsForm />
    </Screen>
  );
}

/** Lost or refused rows are said plainly: usage that is not counted must never look like none. */
function usageRecordingText({ pendingRows, droppedRows, quarantinedRows }: SystemStatus['usageRecording']): string {
  const parts = [`${pendingRows} rows waiting to be written`];
  if (droppedRows > 0) parts.push(`${droppedRows} dropped because the queue was full`);
  if (quarantinedRows > 0) parts.push(`${quarantinedRows} refused by the database (kept in usage_quarantine)`);
  return parts.join(', ');
}

function copyable(value: string | null, label: string): ReactNode {
  if (!value) return 'stopped';
  return (
    <span className="copyable">
      <code>{value}</code>
      <CopyButton text={value} label={label} />
    </span>
  );
}
