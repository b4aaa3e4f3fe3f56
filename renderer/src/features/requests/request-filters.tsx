import { useState, type FormEvent } from 'react';
import { RequestStatusClass } from '../../../../shared/operations';
import { useAppStore } from '../../store/app-store';
import { requestRangeLabels, requestRanges, type RequestRange, type RequestView } from './request-filters-url';

const statusLabels: Record<RequestStatusClass, string> = {
  '2xx': 'Succeeded (2xx)',
  '3xx': 'Redirected (3xx)',
  '4xx': 'Client errors (4xx)',
  '5xx': 'Server errors (5xx)',
  error: 'Any error',
};

const textFields = [
  ['requestId', 'Request id', 'x-request-id of a response'],
  ['errorCode', 'Error code', 'upstream_error, rate_limited…'],
  ['pipeline', 'Pipeline', 'deploy'],
  ['model', 'Model', 'claude-sonnet-4-5'],
  ['gatewayId', 'Gateway', 'gw_… (Gateways screen)'],
] as const;
type TextKey = (typeof textFields)[number][0];

/** Range, status, token and provider apply at once; typed filters apply on Enter or "Apply". */
export function RequestFilters({ view, onChange }: { view: RequestView; onChange(view: RequestView): void }) {
  const providers = useAppStore((s) => s.providers.data) ?? [];
  const tokens = useAppStore((s) => s.tokens.data) ?? [];
  const [typed, setTyped] = useState<Record<TextKey, string>>(() => ({
    requestId: view.requestId ?? '',
    errorCode: view.errorCode ?? '',
    pipeline: view.pipeline ?? '',
    model: view.model ?? '',
    gatewayId: view.gatewayId ?? '',
  }));
  const set = (patch: Partial<RequestView>) => onChange({ ...view, ...patch });
  const apply = (event: FormEvent) => {
    event.preventDefault();
    const patch: Partial<RequestView> = {};
    for (const [key] of textFields) patch[key] = typed[key].trim() || undefined;
    set(patch);
  };
  const explicitRange = Boolean(view.since || view.until);
  return (
    <form className="filters" role="search" aria-label="Request filters" onSubmit={apply}>
      <div className="field">
        <label htmlFor="requests-range">Time range</label>
        <select
          id="requests-range"
          value={explicitRange ? 'explicit' : (view.range ?? '24h')}
          onChange={(e) => set({ range: e.target.value as RequestRange, since: undefined, until: undefined })}
        >
          {explicitRange && <option value="explicit">{rangeText(view)}</option>}
          {requestRanges.map((range) => (
            <option key={range} value={range}>
              {requestRangeLabels[range]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="requests-status">Status</label>
        <select
          id="requests-status"
          value={view.status ?? ''}
          onChange={(e) => set({ status: (e.target.value || undefined) as RequestView['status'] })}
        >
          <option value="">Any status</option>
          {RequestStatusClass.options.map((status) => (
            <option key={status} value={status}>
              {statusLabels[status]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="requests-token">Token</label>
        <select id="requests-token" value={view.tokenId ?? ''} onChange={(e) => set({ tokenId: e.target.value || undefined })}>
          <option value="">All tokens</option>
          {tokens.map((token) => (
            <option key={token.id} value={token.id}>
              {token.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="requests-provider">Provider</label>
        <select id="requests-provider" value={view.provider ?? ''} onChange={(e) => set({ provider: e.target.value || undefined })}>
          <option value="">All providers</option>
          {providers.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </div>
      {textFields.map(([key, label, placeholder]) => (
        <div className="field" key={key}>
          <label htmlFor={`requests-${key}`}>{label}</label>
          <input
            id={`requests-${key}`}
            type={key === 'requestId' ? 'search' : 'text'}
            value={typed[key]}
            placeholder={placeholder}
            onChange={(e) => setTyped({ ...typed, [key]: e.target.value })}
          />
        </div>
      ))}
      <div className="field filters-submit">
        <button type="submit" className="secondary">
          Apply
        </button>
      </div>
    </form>
  );
}

function rangeText(view: RequestView): string {
  const day = (iso: string | undefined) => (iso ? iso.slice(0, 16).replace('T', ' ') : '…');
  return `${day(view.since)} to ${day(view.until)} UTC`;
}
