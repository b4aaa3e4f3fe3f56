import Database from 'better-sqlite3';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../electron/core/db/sqlite/migrate';
import { migrations as sqliteMigrations } from '../../electron/core/db/sqlite/migrations';
import { PostgresSchemaTooNewError } from '../../electron/core/db/postgres/errors';
import { migratePostgres, readSchemaVersion, type PostgresMigration } from '../../electron/core/db/postgres/migrate';
import { postgresMigrations } from '../../electron/core/db/postgres/migrations';
import { createPostgresPool } from '../../electron/core/db/postgres/pool';
import { createMemoryLogger } from '../../electron/core/log';
import { createTestDatabase, type TestDatabase } from '../support/postgres-database';

const latest = postgresMigrations.at(-1)!.version;

/** Table → column names in order, as information_schema tells them. */
async function postgresColumns(pool: pg.Pool): Promise<Record<string, string[]>> {
  const { rows } = await pool.query<{ table_name: string; column_name: string }>(
    "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position",
  );
  const columns: Record<string, string[]> = {};
  for (const row of rows) (columns[row.table_name] ??= []).push(row.column_name);
  return columns;
}

function sqliteColumns(): Record<string, string[]> {
  const db = new Database(':memory:');
  try {
    migrate(db, sqliteMigrations, createMemoryLogger());
    const tables = db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .all();
    return Object.fromEntries(
      tables.map(({ name }) => [
        name,
        db
          .prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${name}')`)
          .all()
          .map((c) => c.name),
      ]),
    );
  } finally {
    db.close();
  }
}

async function indexNames(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query<{ name: string }>("SELECT indexname AS name FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1");
  return rows.map((r) => r.name);
}

describe('PostgreSQL migrations', () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  const log = createMemoryLogger();

  beforeEach(async () => {
    database = await createTestDatabase();
    pool = createPostgresPool(database.url, { log }).pool;
  });
  afterEach(async () => {
    await pool.end();
    await database.drop();
  });

  it('lists migrations in strictly increasing version order (a lower number added later would never run)', () => {
    const versions = postgresMigrations.map((m) => m.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
  });

  it('takes an empty database to the latest version: the SQLite schema, table for table and column for column', async () => {
    expect(await readSchemaVersion(pool)).toBe(0);
    expect(await migratePostgres(pool, postgresMigrations, log)).toBe(latest);
    expect(await readSchemaVersion(pool)).toBe(latest);

    const {
      schema_migrations: bookkeeping,
      team_vault: teamVault,
      team_secret_values: teamSecretValues,
      ...tables
    } = await postgresColumns(pool);
    expect(bookkeeping).toEqual(['version', 'name', 'applied_at']);
    // PostgreSQL only by design: a solo store keeps secret values in the OS keychain or the file vault.
    expect(teamVault).toEqual(['singleton', 'key_check', 'created_at', 'rotated_at']);
    expect(teamSecretValues).toEqual(['secret_id', 'wrapped_key', 'sealed_value', 'updated_at']);
    expect(tables).toEqual(sqliteColumns());
    expect(await indexNames(pool)).toEqual(
      [
        'ai_providers_by_project_slug',
        'ai_providers_by_secret',
        'ai_providers_name_key',
        'ai_providers_page',
        'ai_providers_pkey',
        'admin_sessions_pkey',
        'ai_provider_tests_pkey',
        'ai_provider_tests_project',
        'audit_events_by_at',
        'audit_events_by_project',
        'audit_events_by_target',
        'audit_events_id_key',
        'audit_events_pkey',
        'budget_alerts_pkey',
        'budget_counters_pkey',
        'budget_reservations_by_expiry',
        'budget_reservations_pkey',
        'budget_webhooks_pkey',
        'budgets_by_project',
        'budgets_pkey',
        'custom_prices_pkey',
        'gateways_pkey',
        'projects_name_key',
        'projects_pkey',
        'request_bodies_by_expiry',
        'request_bodies_pkey',
        'body_capture_pkey',
        'routes_name_key',
        'routes_page',
        'routes_pkey',
        'schema_migrations_pkey',
        'secrets_name_key',
        'secrets_page',
        'secrets_pkey',
        'settings_pkey',
        'team_secret_values_pkey',
        'team_vault_pkey',
        'tokens_hash_key',
        'tokens_page',
        'tokens_pkey',
        'usage_daily_by_model',
        'usage_daily_by_pipeline',
        'usage_daily_by_provider',
        'usage_daily_pkey',
        'usage_hourly_pkey',
        'usage_quarantine_pkey',
        'usage_records_by_at',
        'usage_records_by_gateway',
        'usage_records_by_pipeline',
        'usage_records_pkey',
        'usage_records_request_id_key',
      ].sort(),
    );
    const projects = await pool.query('SELECT name, is_default FROM projects');
    expect(projects.rows).toEqual([{ name: 'Default', is_default: true }]);
  });

  it('is a no-op the second time: same version, no new bookkeeping rows, one Default project', async () => {
    await migratePostgres(pool, postgresMigrations, log);
    const before = await pool.query('SELECT version, name, applied_at FROM schema_migrations ORDER BY version');
    expect(await migratePostgres(pool, postgresMigrations, log)).toBe(latest);
    expect((await pool.query('SELECT version, name, applied_at FROM schema_migrations ORDER BY version')).rows).toEqual(before.rows);
    expect((await pool.query('SELECT count(*) AS n FROM projects')).rows[0].n).toBe(1);
  });

  it('keeps names unique regardless of case, as SQLite NOCASE did', async () => {
    await migratePostgres(pool, postgresMigrations, log);
    const at = '2026-01-01T00:00:00.000Z';
    await expect(
      pool.query("INSERT INTO projects (id, name, created_at, updated_at) VALUES ('prj_x', 'DEFAULT', $1, $1)", [at]),
    ).rejects.toMatchObject({
      code: '23505',
    });
  });

  it('writes a usage row once per request id, the way many gateways will (ON CONFLICT DO NOTHING)', async () => {
    await migratePostgres(pool, postgresMigrations, log);
    const insert = `INSERT INTO usage_records (id, at, request_id, project_id, provider, auth_method, endpoint, streamed, status, outcome,
        input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost_micro_usd, latency_ms, labels)
      VALUES ($1, $2, 'req-1', 'prj_1', 'openai', 'byo', '/v1/chat/completions', true, 200, 'ok', 12, 5, 0, 0, 4000000000000, 30, $3)
      ON CONFLICT (request_id) DO NOTHING`;
    expect((await pool.query(insert, ['usr_1', '2026-11-30T04:39:45.123Z', { pipeline: 'web' }])).rowCount).toBe(1);
    expect((await pool.query(insert, ['usr_2', '2026-11-30T05:00:00.000Z', { pipeline: 'other' }])).rowCount).toBe(0);
    const { rows } = await pool.query('SELECT id, at, streamed, cost_micro_usd, labels FROM usage_records');
    expect(rows).toEqual([
      { id: 'usr_1', at: '2026-11-30T04:39:45.123Z', streamed: true, cost_micro_usd: 4_000_000_000_000, labels: { pipeline: 'web' } },
    ]);
  });

  it('2 usage-unknown: rows written before it count as read (false), as in SQLite', async () => {
    await migratePostgres(pool, postgresMigrations, log, { target: 1 });
    await pool.query(
      `INSERT INTO usage_records (id, at, request_id, project_id, provider, auth_method, endpoint, streamed, status, outcome,
         input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost_micro_usd, latency_ms, labels)
       VALUES ('usr_old', now(), 'req-old', 'prj_1', 'openai', 'byo', '/v1/chat/completions', false, 200, 'ok', 12, 5, 0, 0, 1500, 30, '{}')`,
    );
    expect(await migratePostgres(pool, postgresMigrations, log)).toBe(latest);
    expect((await pool.query('SELECT id, input_tokens, cost_micro_usd, usage_unknown FROM usage_records')).rows).toEqual([
      { id: 'usr_old', input_tokens: 12, cost_micro_usd: 1500, usage_unknown: false },
    ]);
  });

  it('refuses a database newer than this Switchboard and writes nothing', async () => {
    await migratePostgres(pool, postgresMigrations, log);
    await pool.query("INSERT INTO schema_migrations (version, name) VALUES ($1, 'from the future')", [latest + 1]);
    const before = await pool.query('SELECT version, name, applied_at FROM schema_migrations ORDER BY version');
    const future: PostgresMigration = {
      version: latest + 2,
      name: 'never',
      up: async (client) => void (await client.query('CREATE TABLE never (x int)')),
    };

    await expect(migratePostgres(pool, postgresMigrations, log)).rejects.toBeInstanceOf(PostgresSchemaTooNewError);
    await expect(migratePostgres(pool, [...postgresMigrations], log)).rejects.toThrow(
      `schema version ${latest + 1}, newer than this Switchboard supports (${latest})`,
    );
    // A list that knows a later version migrates past it; one that does not must have written nothing.
    expect((await pool.query('SELECT version, name, applied_at FROM schema_migrations ORDER BY version')).rows).toEqual(before.rows);
    expect((await pool.query("SELECT to_regclass('never') IS NULL AS absent")).rows[0].absent).toBe(true);
    expect(await migratePostgres(pool, [...postgresMigrations, future], log)).toBe(latest + 2);
  });

  it('rolls every pending step back when one fails: the database stays at its version', async () => {
    const broken: PostgresMigration = {
      version: latest + 1,
      name: 'broken',
      up: async (client) => void (await client.query('SELECT no_such_column FROM projects')),
    };
    await expect(migratePostgres(pool, [...postgresMigrations, broken], log)).rejects.toMatchObject({ code: '42703' });
    expect(await readSchemaVersion(pool)).toBe(0);
    expect((await pool.query("SELECT to_regclass('projects') IS NULL AS absent")).rows[0].absent).toBe(true);
  });

  it('lets gateways that start together migrate at once: one applies the steps, the others wait and find nothing to do', async () => {
    const pools = Array.from({ length: 4 }, () => createPostgresPool(database.url, { log }).pool);
    try {
      const versions = await Promise.all(pools.map((each) => migratePostgres(each, postgresMigrations, log)));
      expect(versions).toEqual(pools.map(() => latest));
    } finally {
      await Promise.all(pools.map((each) => each.end()));
    }
    expect((await pool.query('SELECT version FROM schema_migrations ORDER BY version')).rows).toEqual(
      postgresMigrations.map((m) => ({ version: m.version })),
    );
    expect((await pool.query('SELECT count(*) AS n FROM projects')).rows[0].n).toBe(1);
  });
});
