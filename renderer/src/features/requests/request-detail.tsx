import type { ReactNode } from 'react';
import type { RequestLogEntry } from '../../../../shared/operations';
import { CopyButton } from '../../components/copy-button';
import { formatInteger } from '../../components/format';
import { RequestBodiesSection } from './request-bodies';
import { costText, statusText } from './request-table';

const ms = (value: number | null) => (value === null ? '—' : `${formatInteger(value)} ms`);

/** Everything the log keeps about one request (never a key); bodies only where the project keeps them. */
export function RequestDetail({ entry, tokenName, onClose }: { entry: RequestLogEntry; tokenName: string; onClose(): void }) {
  const facts: Array<[string, ReactNode]> = [
    ['Request id', <code key="id">{entry.requestId}</code>],
    ['Time', entry.at],
    ['Status', statusText(entry)],
    ['Error', entry.errorMessage ?? '—'],
    ['Token', tokenName],
    [
      'Labels',
      Object.entries(entry.labels)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ') || '—',
    ],
    ['Route', entry.route],
    ['Target', entry.aiProviderId ? `${entry.provider} (${entry.aiProviderId})` : entry.provider],
    ['Model', entry.model ?? '—'],
    ['Endpoint', `${entry.endpoint}${entry.streamed ? ' (streamed)' : ''}`],
    ['Attempts', formatInteger(entry.attempts)],
    [
      'Tokens',
      entry.usageUnknown
        ? 'unknown (the answer reported no usage)'
        : `${formatInteger(entry.inputTokens)} in · ${formatInteger(entry.outputTokens)} out · ${formatInteger(entry.cacheReadTokens)} cache read · ${formatInteger(entry.cacheWriteTokens)} cache write`,
    ],
    ['Cost', costText(entry)],
    ['Latency', ms(entry.latencyMs)],
    ['Time to first byte', ms(entry.ttfbMs)],
    ['Proxy overhead', ms(entry.overheadMs)],
    ['Gateway', entry.gatewayId ? <code key="gateway">{entry.gatewayId}</code> : 'unknown (before gateways were recorded)'],
  ];
  return (
    <aside className="request-detail" aria-label="Request details">
      <header className="request-detail-header">
        <h2>Request details</h2>
        <div className="button-group">
          <CopyButton text={entry.requestId} label="Copy request id" />
          <button type="button" className="secondary" onClick={onClose}>
            Close
          </button>
        </div>
      </header>
      <dl className="facts">
        {facts.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <RequestBodiesSection requestId={entry.requestId} projectId={entry.projectId} />
    </aside>
  );
}
