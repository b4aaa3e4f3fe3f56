import { finished } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { UsageRecord } from '../../../../shared/operations/usage';
import { hourlySums, type RollupSum } from '../usage-rollup-sums';
import { usageRowColumns, writeRollupSums } from './usage-write-statement';

/**
 * The fast way for a batch of fresh usage rows: COPY them in, then add their sums (computed here)
 * to the daily and hourly rollups. COPY costs the database about a third of the CPU per row of an
 * INSERT … SELECT, and the database's CPU is what a busy gateway's rows cost the team. It adds no
 * ON CONFLICT: a batch holding a request id already stored fails whole (unique violation), and the
 * caller writes it again with the idempotent statement.
 */
export async function copyUsageRows(client: pg.ClientBase, rows: readonly UsageRecord[]): Promise<void> {
  const sums = hourlySums();
  const text = copyText(rows, sums);
  const copy = client.query(copyFrom(copyStatement));
  copy.end(text);
  await finished(copy);
  await client.query(writeRollupSums([JSON.stringify(rollupRows(sums.hours))]));
}

const columns = [...usageRowColumns.map(([column]) => column), 'pipeline'];
const copyStatement = `COPY usage_records (${columns.join(', ')}) FROM STDIN`;

/** The one form of `at` whose first 13 characters are its UTC hour, as the rollups bucket it. */
const canonicalInstant = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/**
 * The rows in COPY's text format, in time order then request-id order (every writer numbers and
 * locks rows in that one order), summed into `sums` on the way. Throws a TypeError for a value
 * COPY would store differently from the batch statement (an object in a text column, an `at` in
 * another form): such a batch takes the statement's way, which decides about it.
 */
function copyText(rows: readonly UsageRecord[], sums: ReturnType<typeof hourlySums>): string {
  let out = '';
  for (const row of [...rows].sort(byTimeThenRequest)) {
    if (typeof row !== 'object' || row === null || typeof row.at !== 'string' || !canonicalInstant.test(row.at)) throw notCopyable();
    const pipeline = pipelineOf(row);
    for (let i = 0; i < cells.length; i++) {
      const [field, encode] = cells[i]!;
      const value: unknown = row[field];
      out += (value === null || value === undefined ? '\\N' : encode(value)) + '\t';
    }
    out += (pipeline === null ? '\\N' : escaped(pipeline)) + '\n';
    sums.add(row.at.slice(0, 13), row, pipeline ?? '');
  }
  return out;
}

const byTimeThenRequest = (a: UsageRecord, b: UsageRecord) =>
  a.at < b.at ? -1 : a.at > b.at ? 1 : a.requestId < b.requestId ? -1 : a.requestId > b.requestId ? 1 : 0;

/** The pipeline label, which also has a column of its own. */
function pipelineOf(row: UsageRecord): string | null {
  const labels: unknown = row.labels;
  if (typeof labels !== 'object' || labels === null || Array.isArray(labels)) throw notCopyable();
  const pipeline = (labels as Record<string, unknown>).pipeline;
  if (pipeline === undefined) return null;
  if (typeof pipeline !== 'string') throw notCopyable();
  return pipeline;
}

/** A value (not null) as COPY text, by its column's type; counters must be whole numbers, since the rollups are summed here. */
const encoders: Record<string, (value: unknown) => string> = {
  text: textCell,
  timestamptz: textCell,
  integer: wholeNumberCell,
  bigint: wholeNumberCell,
  boolean: (value) => {
    if (typeof value !== 'boolean') throw notCopyable();
    return value ? 't' : 'f';
  },
  jsonb: (value) => escaped(JSON.stringify(value)),
};
const cells = usageRowColumns.map(([, type, field]) => [field as keyof UsageRecord, encoders[type]!] as const);

function textCell(value: unknown): string {
  if (typeof value === 'string') return escaped(value);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw notCopyable();
}

function wholeNumberCell(value: unknown): string {
  if (!Number.isSafeInteger(value)) throw notCopyable();
  return String(value);
}

const special = /[\\\t\n\r]/;
const specials = /[\\\t\n\r]/g;
const escapes: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** COPY's text format gives these four characters a meaning; anything else goes as it is. */
function escaped(text: string): string {
  return special.test(text) ? text.replace(specials, (c) => escapes[c]!) : text;
}

const notCopyable = () => new TypeError('a usage row COPY cannot take as it is');

/** The hourly sums as the rollup statement reads them: column names, the hour as an instant. */
function rollupRows(hours: Map<string, RollupSum>) {
  return [...hours.values()].map((sum) => ({
    at: `${sum.day}:00:00Z`,
    project_id: sum.projectId,
    provider: sum.provider,
    ai_provider_id: sum.aiProviderId,
    auth_method: sum.authMethod,
    model: sum.model,
    token_id: sum.tokenId,
    pipeline: sum.pipeline,
    gateway_id: sum.gatewayId,
    requests: sum.requests,
    errors: sum.errors,
    input_tokens: sum.inputTokens,
    output_tokens: sum.outputTokens,
    cache_read_tokens: sum.cacheReadTokens,
    cache_write_tokens: sum.cacheWriteTokens,
    cost_micro_usd: sum.costMicroUsd,
    unpriced_requests: sum.unpricedRequests,
  }));
}
