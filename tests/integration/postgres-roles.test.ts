import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { openPostgres, type PostgresDb } from '../../electron/core/db/postgres/database';
import { PostgresAuthError, PostgresRoleForbiddenError, PostgresStoreError } from '../../electron/core/db/postgres/errors';
import { migratePostgres, type PostgresMigration } from '../../electron/core/db/postgres/migrate';
import { postgresMigrations } from '../../electron/core/db/postgres/migrations';
import { connectPostgres } from '../../electron/core/db/postgres/pool';
import { createTeamRoles, gatewayPrivileges, grantGatewayAccess, refreshGatewayAccess } from '../../electron/core/db/postgres/roles';
import { createMemoryLogger } from '../../electron/core/log';
import { uniqueRoleName, withClient } from '../support/postgres-database';

const at = '2026-11-30T04:39:45.123Z';

/** The URL of `role` on `database`, on the run's cluster. */
function urlFor(role: string, password: string, database: string): string {
  const url = new URL(inject('postgresOwnerUrl'));
  url.username = role;
  url.password = password;
  url.pathname = `/${database}`;
  return url.toString();
}

describe('the admin and gateway roles of a team database', () => {
  const log = createMemoryLogger();
  const names = { database: uniqueRoleName('team'), admin: uniqueRoleName('admin'), gateway: uniqueRoleName('gateway') };
  let admin: PostgresDb;
  let gateway: PostgresDb;
  let adminUrl: string;
  let gatewayUrl: string;
  let projectId: string;

  beforeAll(async () => {
    const roles = await withClient(inject('postgresOwnerUrl'), (dba) => createTeamRoles(dba, names));
    adminUrl = urlFor(roles.admin.role, roles.admin.password, names.database);
    gatewayUrl = urlFor(roles.gateway.role, roles.gateway.password, names.database);
    admin = await openPostgres(adminUrl, { log });
    const adminPool = (await connectPostgres(adminUrl, { log })).pool;
    try {
      await grantGatewayAccess(adminPool, names.gateway);
    } finally {
      await adminPool.end();
    }
    projectId = (await admin.query<{ id: string }>('SELECT id FROM projects WHERE is_default')).rows[0]!.id;
    await admin.query("INSERT INTO secrets VALUES ('sec_1', $1, 'key', 'sha256:00', 'team', $2, $2, NULL)", [projectId, at]);
    await admin.query("INSERT INTO ai_providers VALUES ('aip_1', $1, 'sec_1', 'OpenAI', 'openai', 'gpt-4o', NULL, NULL, 'byo', $2, $2)", [
      projectId,
      at,
    ]);
    await admin.query(
      `INSERT INTO tokens VALUES ('tok_1', $1, 'ci', 'api', '\\x00', 'sb_0', '[]', '[]', '{}', '{}', NULL, NULL, NULL, $2, $2)`,
      [projectId, at],
    );
    gateway = await openPostgres(gatewayUrl, { log });
  });
  afterAll(async () => {
    await gateway?.close();
    await admin?.close();
    await withClient(urlFor(names.admin, new URL(adminUrl).password, 'postgres'), (client) =>
      client.query(`DROP DATABASE ${names.database} WITH (FORCE)`),
    );
  });

  it('lets the gateway read configuration, record usage, roll it up and mark a token used', async () => {
    expect((await gateway.query('SELECT name FROM ai_providers')).rows).toEqual([{ name: 'OpenAI' }]);
    expect((await gateway.query('SELECT count(*) AS n FROM secrets')).rows[0]!.n).toBe(1);
    const usage = `INSERT INTO usage_records (id, at, request_id, project_id, provider, auth_method, endpoint, streamed, status, outcome,
        input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, latency_ms, labels)
      VALUES ('usr_1', $1, 'req-1', $2, 'openai', 'byo', '/v1/chat/completions', false, 200, 'ok', 1, 1, 0, 0, 5, '{}')
      ON CONFLICT (request_id) DO NOTHING`;
    expect((await gateway.query(usage, [at, projectId])).rowCount).toBe(1);
    const rollup = `INSERT INTO usage_daily VALUES ('2026-11-30', $1, 'openai', 'aip_1', 'byo', 'gpt-4o', 'tok_1', '', 1, 0, 1, 1, 0, 0, 10, 0)
      ON CONFLICT (day, project_id, provider, ai_provider_id, auth_method, model, token_id, pipeline, gateway_id)
      DO UPDATE SET requests = usage_daily.requests + excluded.requests, cost_micro_usd = usage_daily.cost_micro_usd + excluded.cost_micro_usd`;
    await gateway.query(rollup, [projectId]);
    await gateway.query(rollup, [projectId]);
    expect((await gateway.query('SELECT requests, cost_micro_usd FROM usage_daily')).rows).toEqual([{ requests: 2, cost_micro_usd: 20 }]);
    expect((await gateway.query("UPDATE tokens SET last_used_at = $1 WHERE id = 'tok_1'", [at])).rowCount).toBe(1);
  });

  it('refuses the gateway any change to providers, tokens, secrets or projects, with a 403 that names what', async () => {
    const refusals: Array<[string, RegExp]> = [
      ["UPDATE ai_providers SET default_model = 'gpt-5' WHERE id = 'aip_1'", /may not change AI providers/],
      ["DELETE FROM ai_providers WHERE id = 'aip_1'", /may not change AI providers/],
      ["INSERT INTO secrets VALUES ('sec_2', 'prj', 'k', 'f', 'team', now(), now(), NULL)", /may not change secrets/],
      ["UPDATE tokens SET revoked_at = NULL WHERE id = 'tok_1'", /may not change tokens/],
      ["DELETE FROM tokens WHERE id = 'tok_1'", /may not change tokens/],
      ["UPDATE projects SET name = 'Mine'", /may not change projects/],
      [
        "INSERT INTO audit_events (id, at, actor, action, target_type, target_id, changed_fields) VALUES ('aud_1', now(), 'x', 'x', 'x', 'x', '[]')",
        /may not change the audit trail/,
      ],
      ['DELETE FROM usage_records', /may not make this change/],
    ];
    for (const [sql, message] of refusals) {
      const error = await gateway.query(sql).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error, sql).toBeInstanceOf(PostgresRoleForbiddenError);
      expect((error as PostgresRoleForbiddenError).status).toBe(403);
      expect((error as PostgresRoleForbiddenError).toBody().error).toMatchObject({
        code: 'forbidden',
        message: expect.stringMatching(message),
      });
    }
    expect((await admin.query("SELECT default_model FROM ai_providers WHERE id = 'aip_1'")).rows).toEqual([{ default_model: 'gpt-4o' }]);
  });

  it('tells a gateway on an older schema that the admin role must upgrade it, and changes nothing', async () => {
    const next: PostgresMigration = {
      version: postgresMigrations.at(-1)!.version + 1,
      name: 'next',
      up: async (c) => void (await c.query('CREATE TABLE next_table (x int)')),
    };
    const { pool } = await connectPostgres(gatewayUrl, { log });
    try {
      const error = await migratePostgres(pool, [...postgresMigrations, next], log).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(PostgresStoreError);
      expect(error).toMatchObject({
        problem: 'schema_needs_admin',
        message: expect.stringMatching(`needs ${next.version}, but this connection's role may not change the schema`),
      });
    } finally {
      await pool.end();
    }
    expect((await admin.query("SELECT to_regclass('next_table') IS NULL AS absent")).rows[0]!.absent).toBe(true);
  });

  it("decides the gateway's access for every table: a new table must be added to gatewayPrivileges", async () => {
    const { rows } = await admin.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1");
    expect(rows.map((r) => r.name)).toEqual(Object.keys(gatewayPrivileges).sort());
  });

  it("keeps the gateway's access across an upgrade that rebuilds a table it reads", async () => {
    const upgraded = { database: uniqueRoleName('team'), admin: uniqueRoleName('admin'), gateway: uniqueRoleName('gateway') };
    const roles = await withClient(inject('postgresOwnerUrl'), (dba) => createTeamRoles(dba, upgraded));
    const upgradedAdminUrl = urlFor(roles.admin.role, roles.admin.password, upgraded.database);
    const rebuild: PostgresMigration = {
      version: postgresMigrations.at(-1)!.version + 1,
      name: 'rebuild-settings',
      up: async (client) =>
        void (await client.query('DROP TABLE settings; CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)')),
    };
    const { pool } = await connectPostgres(upgradedAdminUrl, { log });
    const gatewayDb = await connectPostgres(urlFor(roles.gateway.role, roles.gateway.password, upgraded.database), { log });
    try {
      await migratePostgres(pool, postgresMigrations, log);
      await grantGatewayAccess(pool, upgraded.gateway);
      await migratePostgres(pool, [...postgresMigrations, rebuild], log, { afterSteps: refreshGatewayAccess });
      expect((await gatewayDb.pool.query('SELECT count(*) AS n FROM settings')).rows[0].n).toBe(0);
      await expect(gatewayDb.pool.query("INSERT INTO settings VALUES ('k', 'v')")).rejects.toMatchObject({ code: '42501' });
    } finally {
      await gatewayDb.pool.end();
      await pool.end();
      await withClient(urlFor(roles.admin.role, roles.admin.password, 'postgres'), (client) =>
        client.query(`DROP DATABASE ${upgraded.database} WITH (FORCE)`),
      );
    }
  });

  it('keeps other roles on the server out of the team database', async () => {
    const outsider = uniqueRoleName('outsider');
    await withClient(inject('postgresOwnerUrl'), (dba) => dba.query(`CREATE ROLE ${outsider} LOGIN PASSWORD 'outsider-pw'`));
    const error = await connectPostgres(urlFor(outsider, 'outsider-pw', names.database), { log }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(PostgresAuthError);
    expect((error as Error).message).toMatch(new RegExp(`Role "${outsider}" may not connect to the team database "${names.database}"`));
  });

  it('sets role passwords as SCRAM verifiers the server accepts: the gateway logs in with the password it was given', async () => {
    const client = new pg.Client({ connectionString: gatewayUrl });
    await client.connect();
    try {
      expect((await client.query('SELECT current_user AS who')).rows[0].who).toBe(names.gateway);
    } finally {
      await client.end();
    }
  });
});
