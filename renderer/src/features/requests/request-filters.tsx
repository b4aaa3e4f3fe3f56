import { useState, type FormEvent } from 'react';
import { RequestStatusClass } from '../../../../shared/operations';
import { SelectField } from '../../components/select-field';
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
      <SelectField
        id="requests-range"
        label="Time range"
        value={explicitRange ? 'explicit' : (view.range ?? '24h')}
        onChange={(range) => set({ range: range as RequestRange, since: undefined, until: undefined })}
        options={[
          ...(explicitRange ? [{ value: 'explicit', label: rangeText(view) }] : []),
          ...requestRanges.map((range) => ({ value: range, label: requestRangeLabels[range] })),
        ]}
      />
      <SelectField
        id="requests-status"
        label="Status"
        value={view.status ?? ''}
        onChange={(status) => set({ status: status || undefined })}
        emptyLabel="Any status"
        options={RequestStatusClass.options.map((status) => ({ value: status, label: statusLabels[status] }))}
      />
      <SelectField
        id="requests-token"
        label="Token"
        value={view.tokenId ?? ''}
        onChange={(tokenId) => set({ tokenId: tokenId || undefined })}
        emptyLabel="All tokens"
        options={tokens.map((token) => ({ value: token.id, label: token.name }))}
      />
      <SelectField
        id="requests-provider"
        label="Provider"
        value={view.provider ?? ''}
        onChange={(provider) => set({ provider: provider || undefined })}
        emptyLabel="All providers"
        options={providers.map((p) => ({ value: p.id, label: p.name }))}
      />
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
