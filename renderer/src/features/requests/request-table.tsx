import type { RequestLogEntry } from '../../../../shared/operations';
import { DataTable } from '../../components/data-table';
import { formatCompact, formatDateTime, formatUsd, totalTokens } from '../../components/format';

export function statusText(entry: RequestLogEntry): string {
  return entry.outcome === 'ok' ? String(entry.status) : `${entry.status} ${entry.outcome}`;
}

export function costText(entry: RequestLogEntry): string {
  if (entry.usageUnknown) return 'unknown';
  return entry.costMicroUsd === null ? 'unpriced' : formatUsd(entry.costMicroUsd);
}

/** One row per request, newest first; the request id opens the detail panel. */
export function RequestTable({
  entries,
  tokenName,
  selected,
  onSelect,
}: {
  entries: RequestLogEntry[];
  tokenName(id: string | null): string;
  selected: string | null;
  onSelect(requestId: string): void;
}) {
  return (
    <DataTable
      label="Requests"
      columns={['Request', 'When', 'Status', 'Token', 'Pipeline', 'Provider', 'Model', 'Tokens', 'Cost', 'Latency']}
    >
      {entries.map((entry) => (
        <tr key={entry.id} aria-selected={entry.requestId === selected}>
          <th scope="row">
            <button type="button" className="link-button nowrap" onClick={() => onSelect(entry.requestId)} title={entry.requestId}>
              <code>{entry.requestId.slice(0, 13)}…</code>
            </button>
          </th>
          <td className="nowrap">{formatDateTime(entry.at)}</td>
          <td className={entry.status >= 400 || entry.outcome !== 'ok' ? 'text-danger nowrap' : 'nowrap'}>{statusText(entry)}</td>
          <td>{tokenName(entry.tokenId)}</td>
          <td>{entry.labels.pipeline ?? '—'}</td>
          <td>{entry.provider}</td>
          <td>{entry.model ?? '—'}</td>
          <td className="nowrap">{entry.usageUnknown ? 'unknown' : formatCompact(totalTokens(entry))}</td>
          <td className="nowrap">{costText(entry)}</td>
          <td className="nowrap">{entry.latencyMs} ms</td>
        </tr>
      ))}
    </DataTable>
  );
}
