import type { UsageTotals } from '../../../shared/operations';

const integer = new Intl.NumberFormat('en-US');
const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

export const formatInteger = (n: number) => integer.format(n);
export const formatCompact = (n: number) => compact.format(n);

/** Axis ticks: three significant digits, so neighbouring ticks never read the same ("$0.1, $0.1"). */
const tick = new Intl.NumberFormat('en-US', { notation: 'compact', maximumSignificantDigits: 3 });
export const formatTick = (n: number) => tick.format(n);
export const formatUsdTick = (n: number) => `$${tick.format(n)}`;

/** Micro-dollars as dollars: cents for large amounts, more digits for small ones. */
export function formatUsd(micro: number): string {
  const usd = micro / 1_000_000;
  // A real but tiny cost is not $0.0000.
  if (micro > 0 && micro < 100) return '< $0.0001';
  const digits = usd !== 0 && Math.abs(usd) < 1 ? 4 : 2;
  return `$${usd.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })}`;
}

/**
 * The cost of a set of requests as people should read it: unpriced requests are never shown as
 * $0 — "unpriced" alone, or the priced part with a note.
 */
export function formatCost(totals: Pick<UsageTotals, 'costMicroUsd' | 'unpricedRequests' | 'requests'>): string {
  if (totals.requests > 0 && totals.unpricedRequests === totals.requests) return 'unpriced';
  const cost = formatUsd(totals.costMicroUsd);
  return totals.unpricedRequests > 0 ? `${cost} + ${formatInteger(totals.unpricedRequests)} unpriced` : cost;
}

export const totalTokens = (t: Pick<UsageTotals, 'inputTokens' | 'outputTokens' | 'cacheReadTokens' | 'cacheWriteTokens'>) =>
  t.inputTokens + t.outputTokens + t.cacheReadTokens + t.cacheWriteTokens;

export function formatDateTime(iso: string | null): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

/** "3 min ago", "in 2 days": for last-used and expiry columns. */
export function formatRelative(iso: string | null, now = Date.now()): string {
  if (!iso) return 'never';
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  const units: Array<[Intl.RelativeTimeFormatUnit, number]> = [
    ['day', 86_400],
    ['hour', 3_600],
    ['minute', 60],
  ];
  const rtf = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  for (const [unit, size] of units) if (Math.abs(seconds) >= size) return rtf.format(Math.round(seconds / size), unit);
  return rtf.format(seconds, 'second');
}
