import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { postgresMigrations } from './migrations';
import { readSchemaVersion } from './migrate';
import { PostgresStoreError } from './errors';
import { scramVerifier } from './scram-verifier';

/**
 * What a gateway (`switchboard serve` on a CI agent) may do, table by table: read the
 * configuration, record usage and roll it up, mark a token as used. PostgreSQL refuses the rest:
 * a gateway cannot add, change or delete projects, providers, tokens or secrets.
 */
export const gatewayPrivileges: Readonly<Record<string, string>> = {
  schema_migrations: 'SELECT',
  projects: 'SELECT',
  ai_providers: 'SELECT',
  // Routes are configuration: a gateway reads them, an admin changes them.
  routes: 'SELECT',
  secrets: 'SELECT',
  tokens: 'SELECT, UPDATE (last_used_at)',
  audit_events: 'SELECT',
  settings: 'SELECT',
  usage_records: 'SELECT, INSERT',
  usage_daily: 'SELECT, INSERT, UPDATE',
  usage_hourly: 'SELECT, INSERT, UPDATE',
  // A gateway sets aside the usage rows the database refuses.
  usage_quarantine: 'SELECT, INSERT',
  // A gateway signs its admin UI's users in and out: login links are taken once, sessions end.
  admin_sessions: 'SELECT, INSERT, DELETE',
  budgets: 'SELECT',
  // A gateway reserves and settles spend, releases expired holds and records which alerts went out.
  budget_counters: 'SELECT, INSERT, UPDATE',
  budget_reservations: 'SELECT, INSERT, DELETE',
  budget_alerts: 'SELECT, INSERT',
  custom_prices: 'SELECT',
  budget_webhooks: 'SELECT',
  // Each gateway heartbeats into its own row.
  gateways: 'SELECT, INSERT, UPDATE',
  // The team vault: a gateway opens secrets with the team key; only an admin stores, rotates or re-keys them.
  team_vault: 'SELECT',
  team_secret_values: 'SELECT',
  // A gateway tests its providers and keeps each one's last result.
  ai_provider_tests: 'SELECT, INSERT, UPDATE',
  // A gateway captures bodies for the projects that keep them; an admin chooses which do, and retention prunes.
  body_capture: 'SELECT',
  request_bodies: 'SELECT, INSERT',
};

export interface TeamRole {
  role: string;
  /** Random, shown once: it goes into that role's database URL and nowhere else. */
  password: string;
}

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

const identifier = /^[a-z_][a-z0-9_]{0,62}$/;

function checkedName(name: string, what: string): string {
  if (!identifier.test(name))
    throw new PostgresStoreError('failed', `The ${what} name "${name}" must be lower-case letters, digits and _ (at most 63).`);
  return `"${name}"`;
}

async function createOrResetLoginRole(db: Queryable, name: string): Promise<TeamRole> {
  const role = checkedName(name, 'role');
  const password = randomBytes(24).toString('base64url');
  const { rows } = await db.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [name]);
  const verb = rows.length > 0 ? 'ALTER' : 'CREATE';
  await db.query(`${verb} ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '${scramVerifier(password)}'`);
  return { role: name, password };
}

/**
 * Run once by the server's administrator (a role with CREATEROLE and CREATEDB, such as a managed
 * server's master user): creates the admin role, which owns the team database and migrates it
 * (the desktop app and the CLI connect as this one), and the gateway role, which `serve` uses.
 * Running it again resets both passwords. Then, connected as the admin role, migrate and call
 * `grantGatewayAccess`.
 */
export async function createTeamRoles(
  dba: Queryable,
  names: { database: string; admin: string; gateway: string },
): Promise<{ admin: TeamRole; gateway: TeamRole }> {
  const database = checkedName(names.database, 'database');
  const admin = await createOrResetLoginRole(dba, names.admin);
  const gateway = await createOrResetLoginRole(dba, names.gateway);
  const adminRole = checkedName(names.admin, 'role');
  // Giving a database to a role takes membership in it; the one who made the role may grant that to itself.
  const member = await dba.query<{ is: boolean }>("SELECT pg_has_role(current_user, $1, 'MEMBER') AS is", [names.admin]);
  if (!member.rows[0]!.is) await dba.query(`GRANT ${adminRole} TO CURRENT_USER`);
  const { rows } = await dba.query('SELECT 1 FROM pg_database WHERE datname = $1', [names.database]);
  if (rows.length === 0) await dba.query(`CREATE DATABASE ${database} OWNER ${adminRole}`);
  else await dba.query(`ALTER DATABASE ${database} OWNER TO ${adminRole}`);
  // Only the two roles connect; other roles on a shared server do not see the team's data.
  await dba.query(`REVOKE CONNECT, TEMPORARY ON DATABASE ${database} FROM PUBLIC`);
  await dba.query(`GRANT CONNECT ON DATABASE ${database} TO ${adminRole}, ${checkedName(names.gateway, 'role')}`);
  return { admin, gateway };
}

/**
 * Connected as the admin role, after migrating: gives the gateway role exactly
 * `gatewayPrivileges`, revoking anything else it held on the schema's tables. Idempotent; later
 * migrations keep it so (`refreshGatewayAccess`).
 */
export async function grantGatewayAccess(admin: pg.Pool, gatewayRole: string): Promise<void> {
  checkedName(gatewayRole, 'role');
  const latest = postgresMigrations.at(-1)!.version;
  const current = await readSchemaVersion(admin);
  if (current !== latest) {
    throw new PostgresStoreError(
      'failed',
      `Migrate the team database first (it is at schema version ${current}, this Switchboard's is ${latest}).`,
    );
  }
  const client = await admin.connect();
  try {
    await client.query('BEGIN');
    await applyGatewayPrivileges(client, gatewayRole);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/**
 * Run by the migrator in its transaction, after the steps: a migration that adds or rebuilds a
 * table would otherwise leave every gateway without access to it. The gateway roles are those
 * `grantGatewayAccess` gave read access to `schema_migrations`.
 */
export async function refreshGatewayAccess(client: pg.PoolClient): Promise<void> {
  const { rows } = await client.query<{ role: string }>(
    `SELECT DISTINCT grantee AS role FROM information_schema.role_table_grants
      WHERE table_schema = current_schema() AND table_name = 'schema_migrations' AND privilege_type = 'SELECT' AND grantee <> current_user`,
  );
  for (const { role } of rows) await applyGatewayPrivileges(client, role);
}

async function applyGatewayPrivileges(client: pg.PoolClient, gatewayRole: string): Promise<void> {
  const role = checkedName(gatewayRole, 'role');
  await client.query(`GRANT USAGE ON SCHEMA public TO ${role}`);
  await client.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${role}`);
  for (const [table, privileges] of Object.entries(gatewayPrivileges)) await client.query(`GRANT ${privileges} ON ${table} TO ${role}`);
}
