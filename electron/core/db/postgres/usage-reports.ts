import type { UsageExportFormat, UsagePoint } from '../../../../shared/operations';
import type { Logger } from '../../log';
import { StreamedText } from '../../operations/streamed-text';
import { createExportEncoder, exportChunkChars } from '../usage-export-format';
import { createGroupLabeller, labelTableOf } from '../usage-group-labels';
import type { UsageReportsRepo, UsageView } from '../usage-repo';
import { byDay, groupKeysOf, summaryOf, timeSeriesOf } from '../usage-shaping';
import type { Sql } from './sql';

/** The rollup column behind each group-by. Fixed strings, never user input, so safe to splice. */
const groupColumn: Record<UsageView['groupBy'], string> = {
  provider: 'provider',
  model: 'model',
  project: 'project_id',
  token: 'token_id',
  pipeline: 'pipeline',
  authMethod: 'auth_method',
  gateway: 'gateway_id',
};

/** Sums shared by every usage read; quoted names match `UsageTotals`. */
const totalsSql = `
  COALESCE(SUM(requests), 0) AS requests,
  COALESCE(SUM(errors), 0) AS errors,
  COALESCE(SUM(input_tokens), 0) AS "inputTokens",
  COALESCE(SUM(output_tokens), 0) AS "outputTokens",
  COALESCE(SUM(cache_read_tokens), 0) AS "cacheReadTokens",
  COALESCE(SUM(cache_write_tokens), 0) AS "cacheWriteTokens",
  COALESCE(SUM(cost_micro_usd), 0) AS "costMicroUsd",
  COALESCE(SUM(unpriced_requests), 0) AS "unpricedRequests"`;

/** The view's filter as a WHERE clause over usage_daily (or usage_hourly, whose hours are UTC instants), with positional parameters. */
function whereOf(view: UsageView, grain: 'day' | 'hour' = 'day'): { where: string; params: unknown[] } {
  const params: unknown[] = grain === 'hour' ? [`${view.from}T00:00:00Z`, `${view.to}T23:00:00Z`] : [view.from, view.to];
  const clauses = [grain === 'hour' ? 'hour BETWEEN $1::timestamptz AND $2::timestamptz' : 'day BETWEEN $1::date AND $2::date'];
  const add = (clause: string, value: unknown) => {
    params.push(value);
    clauses.push(clause.replace('?', `$${params.length}`));
  };
  if (view.projectId) add('project_id = ?', view.projectId);
  if (view.provider) add(view.provider.startsWith('aip_') ? 'ai_provider_id = ?' : 'provider = ?', view.provider);
  if (view.tokenId) add('token_id = ?', view.tokenId);
  if (view.gatewayId) add('gateway_id = ?', view.gatewayId);
  return { where: clauses.join(' AND '), params };
}

/** Slower reads than this are logged, as on SQLite. */
const slowQueryMs = 40;

/** Rows an export reads per round trip: the rest of the table stays in the database until asked for. */
const exportPageRows = 5_000;

/** Chart and table reads on the daily rollups only, never on raw usage rows. */
export function createPgUsageReports(sql: Sql, log: Logger): UsageReportsRepo {
  async function dayKeyRows(view: UsageView, grain: 'day' | 'hour' = 'day'): Promise<UsagePoint[]> {
    const { where, params } = whereOf(view, grain);
    const started = performance.now();
    const bucket = grain === 'hour' ? `to_char(hour AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:00"Z"')` : `to_char(day, 'YYYY-MM-DD')`;
    const { rows } = await sql.query<UsagePoint>(
      `SELECT ${bucket} AS day, ${groupColumn[view.groupBy]} AS key, ${totalsSql}
       FROM ${grain === 'hour' ? 'usage_hourly' : 'usage_daily'} WHERE ${where} GROUP BY 1, 2`,
      params,
    );
    const ms = performance.now() - started;
    if (ms > slowQueryMs) log.warn('slow query', { query: `usage by ${view.groupBy}`, ms: Math.round(ms) });
    return rows.sort(byDay);
  }

  /** Project, token and gateway names for the keys, read in one query. */
  async function labellerFor(view: UsageView, keys: readonly string[]): Promise<(key: string) => string> {
    const source = labelTableOf(view.groupBy);
    if (!source) return createGroupLabeller(view.groupBy, null);
    const { rows } = await sql.query<{ id: string; name: string }>(
      `SELECT id, ${source.name} AS name FROM ${source.table} WHERE id = ANY($1::text[])`,
      [keys],
    );
    const names = new Map(rows.map((row) => [row.id, row.name]));
    return createGroupLabeller(view.groupBy, (id) => names.get(id));
  }

  return {
    async summary(view) {
      const rows = await dayKeyRows(view);
      return summaryOf(view, rows, await labellerFor(view, groupKeysOf(rows)));
    },
    async timeSeries(view, limit, grain) {
      const rows = await dayKeyRows(view, grain);
      return timeSeriesOf(view, rows, limit, await labellerFor(view, groupKeysOf(rows)), grain);
    },
    export: (view, format) => exportUsage(sql, view, format, labellerFor),
    async spentMicroUsd(tokenId) {
      const { rows } = await sql.query<{ spent: number }>(
        'SELECT COALESCE(SUM(cost_micro_usd), 0) AS spent FROM usage_daily WHERE token_id = $1',
        [tokenId],
      );
      return rows[0]!.spent;
    },
  };
}

/** The view as day × group rows, read a page at a time (keyset on day and key) so a long range never sits in memory whole. */
function exportUsage(
  sql: Sql,
  view: UsageView,
  format: UsageExportFormat,
  labellerFor: (view: UsageView, keys: readonly string[]) => Promise<(key: string) => string>,
): StreamedText {
  const encoder = createExportEncoder(view, format);
  return new StreamedText(encoder.filename, encoder.contentType, async function* chunks() {
    const { where, params } = whereOf(view);
    const n = params.length;
    const text = `SELECT * FROM (
        SELECT to_char(day, 'YYYY-MM-DD') AS day, ${groupColumn[view.groupBy]} COLLATE "C" AS key, ${totalsSql}
        FROM usage_daily WHERE ${where} GROUP BY 1, 2) g
      WHERE $${n + 1}::text IS NULL OR (day, key) > ($${n + 1}::text, $${n + 2}::text)
      ORDER BY day, key LIMIT ${exportPageRows}`;
    let buffer = encoder.head();
    let after: [string | null, string | null] = [null, null];
    for (;;) {
      const { rows } = await sql.query<UsagePoint>(text, [...params, ...after]);
      const label = await labellerFor(view, groupKeysOf(rows));
      for (const row of rows) {
        buffer += encoder.row(row, label(row.key));
        if (buffer.length >= exportChunkChars) {
          yield buffer;
          buffer = '';
        }
      }
      if (rows.length < exportPageRows) break;
      const last = rows.at(-1)!;
      after = [last.day, last.key];
    }
    yield buffer + encoder.tail();
  });
}
