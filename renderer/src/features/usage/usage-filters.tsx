import { useEffect } from 'react';
import { usageGroupKeys, type UsageGroupBy } from '../../../../shared/operations';
import { useAppStore } from '../../store/app-store';
import { rangePresetLabels, rangePresets, type RangePreset } from '../../store/usage-range';

export const groupByLabels: Record<UsageGroupBy, string> = {
  provider: 'Provider',
  model: 'Model',
  project: 'Project (all projects)',
  token: 'Token',
  pipeline: 'Pipeline',
  authMethod: 'Auth method (hosted vs own key)',
  gateway: 'Gateway',
};

/** Range presets or a custom range, group-by and a provider filter. */
export function UsageFilters() {
  const range = useAppStore((s) => s.usageRange);
  const groupBy = useAppStore((s) => s.usageGroupBy);
  const provider = useAppStore((s) => s.usageProvider);
  const providers = useAppStore((s) => s.providers.data) ?? [];
  const setRange = useAppStore((s) => s.setUsageRange);
  const setGroupBy = useAppStore((s) => s.setUsageGroupBy);
  const setProvider = useAppStore((s) => s.setUsageProvider);
  const gatewayId = useAppStore((s) => s.usageGatewayId);
  const gateways = useAppStore((s) => s.gateways.data?.items) ?? [];
  const setGatewayId = useAppStore((s) => s.setUsageGatewayId);
  const loadGateways = useAppStore((s) => s.loadGateways);
  useEffect(() => {
    void loadGateways();
  }, [loadGateways]);
  const today = new Date().toISOString().slice(0, 10);
  return (
    <div className="filters" role="group" aria-label="Usage view">
      <div className="field">
        <label htmlFor="usage-range">Date range</label>
        <select
          id="usage-range"
          value={range.preset}
          onChange={(e) => {
            const preset = e.target.value as RangePreset;
            setRange(preset === 'custom' && !range.from ? { preset, from: today, to: today } : { preset });
          }}
        >
          {rangePresets.map((preset) => (
            <option key={preset} value={preset}>
              {rangePresetLabels[preset]}
            </option>
          ))}
        </select>
      </div>
      {range.preset === 'custom' && (
        <>
          <div className="field">
            <label htmlFor="usage-from">From</label>
            <input
              id="usage-from"
              type="date"
              value={range.from}
              max={range.to || today}
              onChange={(e) => e.target.value && setRange({ from: e.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor="usage-to">To</label>
            <input
              id="usage-to"
              type="date"
              value={range.to}
              min={range.from}
              onChange={(e) => e.target.value && setRange({ to: e.target.value })}
            />
          </div>
        </>
      )}
      <div className="field">
        <label htmlFor="usage-group-by">Group by</label>
        <select id="usage-group-by" value={groupBy} onChange={(e) => setGroupBy(e.target.value as UsageGroupBy)}>
          {usageGroupKeys.map((key) => (
            <option key={key} value={key}>
              {groupByLabels[key]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="usage-provider">Provider</label>
        <select id="usage-provider" value={provider ?? ''} onChange={(e) => setProvider(e.target.value || null)}>
          <option value="">All providers</option>
          {providers.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="usage-gateway">Gateway</label>
        <select id="usage-gateway" value={gatewayId ?? ''} onChange={(e) => setGatewayId(e.target.value || null)}>
          <option value="">All gateways</option>
          {gatewayId && !gateways.some((g) => g.id === gatewayId) && <option value={gatewayId}>{gatewayId}</option>}
          {gateways.map((g) => (
            <option key={g.id} value={g.id}>
              {g.host} · {g.id}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
