import type { Gateway } from '../../../../shared/operations';
import { usePolling } from '../../app/use-polling';
import { DataTable } from '../../components/data-table';
import { EmptyState } from '../../components/empty-state';
import { formatDateTime, formatInteger, formatRelative } from '../../components/format';
import { RemoteStatus } from '../../components/remote-status';
import { Screen } from '../../components/screen';
import { useAppStore } from '../../store/app-store';
import { requestsHref } from '../requests/request-filters-url';
import { usageViewToQuery } from '../usage/usage-url';

const refreshMs = 5_000;

/** The Usage screen over the last 30 days, by model, of what one gateway served. */
const usageOfGateway = (id: string) =>
  `#/usage?${usageViewToQuery({ range: { preset: '30d', from: '', to: '' }, groupBy: 'model', provider: null, gatewayId: id })}`;

const stateLabels: Record<Gateway['state'], string> = { live: 'Live', silent: 'Silent', stopped: 'Stopped' };

/** Every gateway on this store, as its heartbeats report it; a silent one is said to be so. */
export function GatewaysScreen() {
  const gateways = useAppStore((s) => s.gateways);
  const load = useAppStore((s) => s.loadGateways);
  usePolling(load, refreshMs);
  const list = gateways.data;
  const silent = list?.items.filter((g) => g.state === 'silent').length ?? 0;
  return (
    <Screen
      title="Gateways"
      description="Every Switchboard on this store — one per CI agent, and the admins’ desktop apps — with its last heartbeat."
      actions={
        <button type="button" className="secondary" onClick={() => void load()}>
          Refresh
        </button>
      }
    >
      <RemoteStatus remote={gateways} what="gateways" onRetry={() => void load()} />
      {list && silent > 0 && (
        <p className="banner banner-error" role="status">
          {silent === 1 ? '1 gateway has' : `${silent} gateways have`} sent no heartbeat for over {list.silentAfterSeconds} s: it may have
          crashed, hung, or lost its connection to the store.
        </p>
      )}
      {list?.items.length === 0 && <EmptyState title="No gateway has reported yet" />}
      {list && list.items.length > 0 && (
        <DataTable
          label="Gateways"
          columns={[
            'Gateway',
            'State',
            'Host',
            'Version',
            'Store',
            'Started',
            'Last seen',
            { label: 'Requests/min', className: 'cell-numeric' },
            'Usage',
          ]}
        >
          {list.items.map((gateway) => (
            <tr key={gateway.id} data-state={gateway.state}>
              <th scope="row">
                <code>{gateway.id}</code> {gateway.isSelf && <span className="badge">this one</span>}
              </th>
              <td>
                <span className={`badge badge-gateway-${gateway.state}`}>{stateLabels[gateway.state]}</span>
              </td>
              <td>
                {gateway.host} <span className="muted">pid {gateway.pid}</span>
              </td>
              <td>{gateway.version}</td>
              <td>{gateway.store}</td>
              <td className="nowrap">{formatDateTime(gateway.startedAt)}</td>
              <td className="nowrap" title={gateway.lastSeenAt}>
                {formatRelative(gateway.lastSeenAt)}
              </td>
              <td className="cell-numeric">{gateway.state === 'live' ? formatInteger(gateway.requestsPerMinute) : '—'}</td>
              <td className="nowrap">
                <a href={usageOfGateway(gateway.id)} aria-label={`Usage of ${gateway.host} · ${gateway.id}`}>
                  Usage
                </a>{' '}
                ·{' '}
                <a href={requestsHref({ range: '24h', gatewayId: gateway.id })} aria-label={`Requests of ${gateway.host} · ${gateway.id}`}>
                  Requests
                </a>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </Screen>
  );
}
