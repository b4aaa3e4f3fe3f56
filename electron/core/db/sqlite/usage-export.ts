import Database from 'better-sqlite3';
import { usageExportColumns, type UsageExportFormat, type UsageExportRow } from '../../../../shared/operations';
import type { Db } from './database';
import { StreamedText } from '../../operations/streamed-text';
import { createGroupLabeller } from './group-labels';
import type { UsageView } from '../usage-repo';
import { groupColumn, totalsSql, whereOf } from './usage-sql';

/** Rows are batched into chunks of about this many characters before they are handed on. */
const chunkChars = 64 * 1024;

/**
 * The view as day × group rows, CSV or JSON, produced row by row from the rollups. Each delivery
 * reads through its own read-only connection: an open better-sqlite3 iterator keeps its
 * connection busy, and the shared one must stay free for the proxy's writes while a slow client
 * downloads.
 */
export function exportUsage(db: Db, view: UsageView, format: UsageExportFormat): StreamedText {
  const filename = `switchboard-usage-${view.from}-to-${view.to}-by-${view.groupBy}.${format}`;
  const contentType = format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8';
  return new StreamedText(filename, contentType, function* chunks() {
    const reader = new Database(db.name, { readonly: true, fileMustExist: true });
    try {
      const label = createGroupLabeller(reader, view.groupBy);
      const { where, params } = whereOf(view);
      const sql = `SELECT day, ${groupColumn[view.groupBy]} AS key, ${totalsSql}
        FROM usage_daily WHERE ${where}
        GROUP BY day, key ORDER BY day, key`;
      const rows = reader.prepare(sql).iterate(params) as IterableIterator<RollupRow>;
      const encode = format === 'csv' ? csvLine : jsonItem;
      let buffer = format === 'csv' ? usageExportColumns.join(',') + '\r\n' : jsonHead(view);
      let first = true;
      for (const row of rows) {
        buffer += encode(toExportRow(row, view, label(row.key)), first);
        first = false;
        if (buffer.length >= chunkChars) {
          yield buffer;
          buffer = '';
        }
      }
      yield format === 'csv' ? buffer : buffer + (first ? '' : '\n') + ']}\n';
    } finally {
      reader.close();
    }
  });
}

interface RollupRow {
  day: string;
  key: string;
  requests: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  costMicroUsd: number;
  unpricedRequests: number;
}

function toExportRow(row: RollupRow, view: UsageView, label: string): UsageExportRow {
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
