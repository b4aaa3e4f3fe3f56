import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BudgetLedger, CappedCounter } from '../../electron/core/db/budget-ledger';
import { createPostgresBudgetLedger } from '../../electron/core/db/postgres/budget-ledger';
import { migratePostgres } from '../../electron/core/db/postgres/migrate';
import { postgresMigrations } from '../../electron/core/db/postgres/migrations';
import { createPostgresPool } from '../../electron/core/db/postgres/pool';
import { sqlOf } from '../../electron/core/db/postgres/sql';
import { openSqliteStore } from '../../electron/core/db/sqlite/sqlite-store';
import { systemClock } from '../../electron/core/clock';
import { createMemoryLogger } from '../../electron/core/log';
import { createTestDatabase, type TestDatabase } from '../support/postgres-database';
import { makeTempDir } from '../support/temp-dir';

/**
 * The reservation ledger's contract, held by both stores: SQLite (one gateway) and PostgreSQL
 * (many gateways on one database, each reservation one statement).
 */
const log = createMemoryLogger();
let database: TestDatabase;
let pools: pg.Pool[] = [];
const temp = makeTempDir();
const sqlite = openSqliteStore(`${temp.dir}/ledger.db`, { log, clock: systemClock });

beforeAll(async () => {
  database = await createTestDatabase();
  // Three pools: three gateways on the one team database.
  pools = Array.from({ length: 3 }, () => createPostgresPool(database.url, { log, max: 10 }).pool);
  await migratePostgres(pools[0]!, postgresMigrations, log);
});
afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.end()));
  await database.drop();
  sqlite.close();
  temp.cleanup();
});

const ledgers: Record<string, () => BudgetLedger[]> = {
  sqlite: () => [sqlite.budgetLedger],
  postgres: () => pools.map((pool) => createPostgresBudgetLedger(sqlOf(pool))),
};

let unique = 0;
const counter = (capMicroUsd: number, key = `bud_ledger${++unique}`): CappedCounter => ({
  key,
  periodStart: '2026-12-01T00:00:00.000Z',
  capMicroUsd,
  seed: { scope: 'project', id: `prj_${key}`, fromDay: '2026-12-01' },
});
const later = '2099-01-01T00:00:00.000Z';

/** A day's rollup of `cost` micro-dollars for a project, as the recorder writes it beside each usage row. */
async function dailyRollup(kind: string, projectId: string, day: string, cost: number): Promise<void> {
  const values = [day, projectId, 'openai', 'aip_ledger', 'byo', 'gpt-4o', 'tok_ledger', 'web', 1, 0, 10, 5, 0, 0, cost, 0];
  const columns = `day, project_id, provider, ai_provider_id, auth_method, model, token_id, pipeline, requests, errors,
    input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost_micro_usd, unpriced_requests`;
  if (kind === 'sqlite') {
    sqlite.db.prepare(`INSERT INTO usage_daily (${columns}) VALUES (${values.map(() => '?').join(', ')})`).run(...values);
  } else {
    await pools[0]!.query(`INSERT INTO usage_daily (${columns}) VALUES (${values.map((_, i) => `$${i + 1}`).join(', ')})`, values);
  }
}

describe.each(Object.keys(ledgers))('the %s budget ledger', (kind) => {
  it('holds 50 concurrent reservations against a cap for 5 (over every gateway): exactly 5 pass', async () => {
    const each = ledgers[kind]!();
    const cap = counter(5 * 200);
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        each[i % each.length]!.reserve({ id: `${kind}-burst-${unique}-${i}`, amountMicroUsd: 200, expiresAt: later, counters: [cap] }),
      ),
    );
    expect(answers.filter((answer) => answer.crossed === null)).toHaveLength(5);
    expect(answers.filter((answer) => answer.crossed === cap.key)).toHaveLength(45);
    expect(await each[0]!.balances([cap])).toEqual([
      { key: cap.key, periodStart: cap.periodStart, spentMicroUsd: 0, reservedMicroUsd: 1000 },
    ]);
  });

  it('holds on every counter or on none, and settles the hold to the actual cost', async () => {
    const [ledger] = ledgers[kind]!();
    const roomy = counter(1000);
    const tight = counter(300);
    expect(
      (await ledger!.reserve({ id: `${kind}-a-${unique}`, amountMicroUsd: 250, expiresAt: later, counters: [roomy, tight] })).crossed,
    ).toBeNull();
    // The second fits the roomy counter but not the tight one: neither holds it.
    const refused = await ledger!.reserve({ id: `${kind}-b-${unique}`, amountMicroUsd: 100, expiresAt: later, counters: [roomy, tight] });
    expect(refused.crossed).toBe(tight.key);
    expect((await ledger!.balances([roomy]))[0]).toMatchObject({ reservedMicroUsd: 250 });
    const settled = await ledger!.settle(`${kind}-a-${unique}`, [roomy, tight], 120);
    expect(settled.map((balance) => [balance.spentMicroUsd, balance.reservedMicroUsd])).toEqual([
      [120, 0],
      [120, 0],
    ]);
    // Settling again (a retry) adds the cost again only if asked to; an unknown reservation lifts nothing.
    expect((await ledger!.settle(`${kind}-never-made`, [tight], 0))[0]).toMatchObject({ spentMicroUsd: 120, reservedMicroUsd: 0 });
  });

  it('releases reservations past their expiry, and only those', async () => {
    const [ledger] = ledgers[kind]!();
    const cap = counter(500);
    await ledger!.reserve({ id: `${kind}-dead-${unique}`, amountMicroUsd: 300, expiresAt: '2026-12-01T01:00:00.000Z', counters: [cap] });
    await ledger!.reserve({ id: `${kind}-live-${unique}`, amountMicroUsd: 100, expiresAt: later, counters: [cap] });
    expect(await ledger!.releaseExpired('2026-12-01T01:00:00.000Z')).toBeGreaterThanOrEqual(1);
    expect((await ledger!.balances([cap]))[0]).toMatchObject({ reservedMicroUsd: 100 });
  });

  it('tells where a counter not yet charged stands: at the spend its rollups already hold in its period, nothing reserved', async () => {
    const [ledger] = ledgers[kind]!();
    const cap = counter(10_000);
    await dailyRollup(kind, cap.seed.id, '2026-11-30', 700); // before the period: not counted
    await dailyRollup(kind, cap.seed.id, '2026-12-02', 1_500);
    const untouched = counter(10_000);
    expect(await ledger!.standings([cap, untouched])).toEqual([
      { key: cap.key, periodStart: cap.periodStart, spentMicroUsd: 1_500, reservedMicroUsd: 0 },
      { key: untouched.key, periodStart: untouched.periodStart, spentMicroUsd: 0, reservedMicroUsd: 0 },
    ]);
    expect(await ledger!.balances([cap])).toEqual([]);
    // Its first reservation starts from the same spend; from then on the counter is read.
    await ledger!.reserve({ id: `${kind}-seeded-${unique}`, amountMicroUsd: 200, expiresAt: later, counters: [cap] });
    expect(await ledger!.standings([cap])).toEqual([
      { key: cap.key, periodStart: cap.periodStart, spentMicroUsd: 1_500, reservedMicroUsd: 200 },
    ]);
  });

  it('records an alert once per counter, period and threshold', async () => {
    const each = ledgers[kind]!();
    const cap = counter(100);
    const marks = await Promise.all(each.flatMap((ledger) => [ledger.markAlert(cap, 80, later), ledger.markAlert(cap, 80, later)]));
    expect(marks.filter(Boolean)).toHaveLength(1);
    expect(await each[0]!.markAlert({ ...cap, periodStart: '2027-01-01T00:00:00.000Z' }, 80, later)).toBe(true);
  });
});
