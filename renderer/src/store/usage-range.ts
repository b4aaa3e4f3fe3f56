/** Date range presets of the Usage screen; `custom` uses the chosen days. All days are UTC, inclusive. */
export const rangePresets = ['today', '7d', '30d', '90d', '365d', 'custom'] as const;
export type RangePreset = (typeof rangePresets)[number];

export const rangePresetLabels: Record<RangePreset, string> = {
  today: 'Today',
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
  '90d': 'Last 90 days',
  '365d': 'Last 12 months',
  custom: 'Custom range',
};

const presetDays: Record<Exclude<RangePreset, 'custom'>, number> = { today: 1, '7d': 7, '30d': 30, '90d': 90, '365d': 365 };

export interface UsageRangePreference {
  preset: RangePreset;
  /** Used when `preset` is custom. */
  from: string;
  to: string;
}

export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Concrete days for a preference, relative to `now`. */
export function resolveRange(range: UsageRangePreference, now: Date): { from: string; to: string } {
  if (range.preset === 'custom') return range.from <= range.to ? { from: range.from, to: range.to } : { from: range.to, to: range.from };
  const to = utcDay(now);
  const start = new Date(`${to}T00:00:00Z`);
  start.setUTCDate(start.getUTCDate() - (presetDays[range.preset] - 1));
  return { from: utcDay(start), to };
}
