import type pg from 'pg';
import type { UsageRecord } from '../../../../shared/operations/usage';
import type { QuarantinedUsageRow, UsageRowsRepo } from '../usage-repo';
import type { PostgresDb } from './database';
import { copyUsageRows } from './usage-copy';
import { writeUsageBatch } from './usage-write-statement';

/** Appends that queued while a write was on its way are written together, up to this many rows. */
const maxMergedRows = 5_000;

/** The rows as one JSON array; a row that cannot be written as JSON makes it throw (and the rows go one by one). */
function jsonOf(rows: readonly UsageRecord[]): string {
  for (const r of rows)
    if (typeof r !== 'object' || r === null || typeof r.labels !== 'object' || r.labels === null) throw new TypeError('not a usage record');
  return JSON.stringify(rows);
}

/** A data error (class 22) or a constraint (class 23): the row's fault, not the database's. */
function isRowRefusal(error: unknown): boolean {
  if (error instanceof TypeError || error instanceof RangeError) return true;
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && /^2[23]/.test(code);
}

const isDeadlock = (error: unknown) => (error as { code?: unknown })?.code === '40P01';

function asJson(row: UsageRecord): string {
  try {
    return JSON.stringify(row) ?? String(row);
  } catch {
    return String(row);
  }
}

type Refusal = QuarantinedUsageRow & { row: UsageRecord };

interface Waiting {
  rows: readonly UsageRecord[];
  resolve(refused: QuarantinedUsageRow[]): void;
  reject(error: unknown): void;
}

/**
 * Usage rows on PostgreSQL. A batch goes in by COPY with its daily and hourly sums added in the same
 * transaction (the database's cheapest way in). A batch COPY refuses (a request id already stored,
 * a row it cannot take) goes again as one idempotent statement (rows, daily and hourly rollups: one
 * round trip) that skips stored request ids and rolls up only the rows it inserted. Batches
 * are written one at a time in call order; those that arrive while one is on its way are written
 * together next, so a busy gateway makes fewer, bigger writes. When the database refuses a batch
 * because of a row, it is written again row by row in one transaction, each row under a
 * savepoint, and the refused rows go to quarantine.
 */
export function createPgUsageRows(db: PostgresDb, now: () => string): UsageRowsRepo {
  async function quarantine(client: pg.PoolClient, refused: Refusal[], row: UsageRecord, error: unknown) {
    const requestId = typeof row?.requestId === 'string' ? row.requestId : '';
    const reason = (error as Error).message.slice(0, 300);
    await client.query('INSERT INTO usage_quarantine (quarantined_at, request_id, reason, row) VALUES ($1, $2, $3, $4)', [
      now(),
      requestId,
      reason,
      asJson(row),
    ]);
    refused.push({ requestId, reason, row });
  }

  async function oneByOne(client: pg.PoolClient, rows: readonly UsageRecord[]): Promise<Refusal[]> {
    const refused: Refusal[] = [];
    for (const row of rows) {
      await client.query('SAVEPOINT usage_row');
      try {
        await client.query(writeUsageBatch([jsonOf([row])]));
        await client.query('RELEASE SAVEPOINT usage_row');
      } catch (error) {
        if (!isRowRefusal(error)) throw error;
        await client.query('ROLLBACK TO SAVEPOINT usage_row');
        await quarantine(client, refused, row, error);
      }
    }
    return refused;
  }

  async function write(rows: readonly UsageRecord[]): Promise<Refusal[]> {
    try {
      await db.transaction((client) => copyUsageRows(client, rows));
      return [];
    } catch (error) {
      // A request id already stored (an outbox sending again), a row COPY cannot take as it is, or
      // two writers of the same ids: the idempotent statement decides, row by row if it must.
      if (!isRowRefusal(error) && !isDeadlock(error)) throw error;
    }
    try {
      await db.query(writeUsageBatch([jsonOf(rows)]));
      return [];
    } catch (error) {
      if (!isRowRefusal(error)) throw error;
      return db.transaction((client) => oneByOne(client, rows));
    }
  }

  const waiting: Waiting[] = [];
  let writing = false;

  /** Takes the next appends in call order, as many as fit in one write (always at least one). */
  function nextGroup(): Waiting[] {
    const group = [waiting.shift()!];
    let rows = group[0]!.rows.length;
    while (waiting.length > 0 && rows + waiting[0]!.rows.length <= maxMergedRows) {
      rows += waiting[0]!.rows.length;
      group.push(waiting.shift()!);
    }
    return group;
  }

  async function drain(): Promise<void> {
    writing = true;
    while (waiting.length > 0) {
      const group = nextGroup();
      try {
        const refused = await write(group.length === 1 ? group[0]!.rows : group.flatMap((each) => each.rows));
        for (const each of group) {
          const own = new Set(each.rows);
          each.resolve(refused.filter((r) => own.has(r.row)).map(({ requestId, reason }) => ({ requestId, reason })));
        }
      } catch (error) {
        for (const each of group) each.reject(error);
      }
    }
    writing = false;
  }

  return {
    append(rows) {
      if (rows.length === 0) return Promise.resolve([]);
      return new Promise((resolve, reject) => {
        waiting.push({ rows, resolve, reject });
        if (!writing) void drain();
      });
    },
  };
}
