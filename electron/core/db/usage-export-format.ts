import { usageExportColumns, type UsageExportFormat, type UsageExportRow, type UsagePoint } from '../../../shared/operations';
import type { UsageView } from './usage-repo';

/** Rows are batched into chunks of about this many characters before they are handed on. */
export const exportChunkChars = 64 * 1024;

/** The text of an export, in three parts: a head, one piece per day × group row, a tail. */
export function createExportEncoder(view: UsageView, format: UsageExportFormat) {
  let first = true;
  return {
    filename: `switchboard-usage-${view.from}-to-${view.to}-by-${view.groupBy}.${format}`,
    contentType: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
    head: () => (format === 'csv' ? usageExportColumns.join(',') + '\r\n' : jsonHead(view)),
    row(row: UsagePoint, label: string): string {
      const exportRow = toExportRow(row, view, label);
      const text = format === 'csv' ? csvLine(exportRow) : jsonItem(exportRow, first);
      first = false;
      return text;
    },
    tail: () => (format === 'csv' ? '' : (first ? '' : '\n') + ']}\n'),
  };
}

function toExportRow(row: UsagePoint, view: UsageView, label: string): UsageExportRow {
  const { costMicroUsd, ...counters } = row;
  const nothingPriced = row.unpricedRequests === row.requests && row.requests > 0;
  return {
    ...counters,
    groupBy: view.groupBy,
    label,
    costUsd: nothingPriced ? null : costMicroUsd / 1_000_000,
  };
}

/** Integer micro-dollars to an exact decimal string, `1234567` → `"1.234567"`. */
export function microToUsd(micro: number): string {
  const sign = micro < 0 ? '-' : '';
  const abs = Math.abs(micro);
  return `${sign}${Math.floor(abs / 1_000_000)}.${String(abs % 1_000_000).padStart(6, '0')}`;
}

function jsonHead(view: UsageView): string {
  return `{"from":${JSON.stringify(view.from)},"to":${JSON.stringify(view.to)},"groupBy":${JSON.stringify(view.groupBy)},"columns":${JSON.stringify(usageExportColumns)},"rows":[`;
}

function jsonItem(row: UsageExportRow, first: boolean): string {
  return (first ? '\n' : ',\n') + JSON.stringify(row, usageExportColumns as unknown as string[]);
}

function csvLine(row: UsageExportRow): string {
  return usageExportColumns.map((column) => (column === 'costUsd' ? usdCell(row.costUsd) : csvCell(row[column]))).join(',') + '\r\n';
}

/** Dollars with their six decimals, exact for whole micro-dollars; empty when nothing was priced. */
function usdCell(usd: number | null): string {
  return usd === null ? '' : microToUsd(Math.round(usd * 1_000_000));
}

/**
 * Quotes when needed and defuses spreadsheet formulas: model names and labels come from clients,
 * and a cell starting with = + - @ would run as a formula when the report is opened.
 */
export function csvCell(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
