import { useContext, useEffect } from 'react';
import { usageGroupKeys, type UsageGroupBy } from '../../../../shared/operations';
import { AppStoreContext } from '../../store/app-store';
import { rangePresets, type RangePreset, type UsageRangePreference } from '../../store/usage-range';

/** The Usage screen's view as it lives in the address: what a shared link or a reload brings back. */
export interface UsageView {
  range: UsageRangePreference;
  groupBy: UsageGroupBy;
  provider: string | null;
  /** A gateway's `gw_` id (the Gateways screen links here with it); null = every gateway. */
  gatewayId: string | null;
}

const day = /^\d{4}-\d{2}-\d{2}$/;

export function usageViewToQuery(view: UsageView): string {
  const query = new URLSearchParams({ range: view.range.preset, groupBy: view.groupBy });
  if (view.range.preset === 'custom') {
    query.set('from', view.range.from);
    query.set('to', view.range.to);
  }
  if (view.provider) query.set('provider', view.provider);
  if (view.gatewayId) query.set('gateway', view.gatewayId);
  return query.toString();
}

/** What the query says, field by field; anything unknown or malformed is left out. */
export function usageViewFromQuery(text: string): Partial<UsageView> {
  const query = new URLSearchParams(text);
  const view: Partial<UsageView> = {};
  const preset = query.get('range');
  if (preset && (rangePresets as readonly string[]).includes(preset)) {
    const from = query.get('from') ?? '';
    const to = query.get('to') ?? '';
    if (preset !== 'custom') view.range = { preset: preset as RangePreset, from: '', to: '' };
    else if (day.test(from) && day.test(to)) view.range = { preset: 'custom', from, to };
  }
  const groupBy = query.get('groupBy');
  if (groupBy && (usageGroupKeys as readonly string[]).includes(groupBy)) view.groupBy = groupBy as UsageGroupBy;
  const provider = query.get('provider');
  if (provider !== null) view.provider = provider || null;
  const gateway = query.get('gateway');
  if (gateway !== null && /^gw_[0-9A-Za-z]+$/.test(gateway)) view.gatewayId = gateway;
  return view;
}

/** On open, the address wins over the remembered view; from then on the address follows the view. */
export function useUsageUrl(view: UsageView): void {
  const store = useContext(AppStoreContext)!;
  useEffect(() => {
    const fromUrl = usageViewFromQuery(location.hash.split('?')[1] ?? '');
    const state = store.getState();
    if (fromUrl.range) state.setUsageRange(fromUrl.range);
    if (fromUrl.groupBy) state.setUsageGroupBy(fromUrl.groupBy);
    if (fromUrl.provider !== undefined) state.setUsageProvider(fromUrl.provider);
    // Not remembered between visits: only a link or the filter itself narrows usage to one gateway.
    state.setUsageGatewayId(fromUrl.gatewayId ?? null);
  }, [store]);
  const query = usageViewToQuery(view);
  useEffect(() => {
    if (location.hash.split('?')[0] === '#/usage') history.replaceState(history.state, '', `#/usage?${query}`);
  }, [query]);
}
