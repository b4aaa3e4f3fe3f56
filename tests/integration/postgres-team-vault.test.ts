import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { openPostgres, type PostgresDb } from '../../electron/core/db/postgres/database';
import { createTeamRoles, grantGatewayAccess } from '../../electron/core/db/postgres/roles';
import { connectPostgres } from '../../electron/core/db/postgres/pool';
import { createPostgresTeamVaultRepo, type PostgresTeamVaultRepo } from '../../electron/core/db/postgres/team-vault-repo';
import { createMemoryLogger } from '../../electron/core/log';
import { VaultUnavailableError } from '../../electron/core/secrets/secret-vault';
import { generateTeamKey, parseTeamKey, rewrapDataKey, type TeamKey } from '../../electron/core/secrets/team-key';
import { openTeamVault, TeamKeyMismatchError, teamNotInitialised } from '../../electron/core/secrets/team-vault';
import { createTestDatabase, uniqueRoleName, withClient, type TestDatabase } from '../support/postgres-database';

const canary = 'sk-canary-team-vault-7f3a9c';

function newKey(): TeamKey {
  return parseTeamKey(generateTeamKey())!;
}

const onMachine = (key: TeamKey) => ({ key, source: 'from SWITCHBOARD_TEAM_KEY' });

async function rotate(repo: PostgresTeamVaultRepo, current: TeamKey, next: TeamKey) {
  return repo.replaceKey({
    current: current.check,
    next: next.check,
    rewrap: (secretId, wrapped) => {
      const rewrapped = rewrapDataKey(current, next, secretId, wrapped);
      if (!rewrapped) throw new Error(`cannot rewrap ${secretId}`);
      return rewrapped;
    },
  });
}

describe('the team vault on PostgreSQL', () => {
  const log = createMemoryLogger();
  let database: TestDatabase;
  let db: PostgresDb;
  let repo: PostgresTeamVaultRepo;

  beforeEach(async () => {
    database = await createTestDatabase();
    db = await openPostgres(database.url, { log });
    repo = createPostgresTeamVaultRepo(db);
  });
  afterEach(async () => {
    await db.close();
    await database.drop();
  });

  it('keeps each value encrypted under its own data key, and no byte of the value in any row', async () => {
    const key = newKey();
    expect(await repo.initialise(key.check)).toBe(true);
    const vault = await openTeamVault(repo, onMachine(key));
    await vault.set('sec_one', canary);
    await vault.set('sec_two', canary);
    expect(await vault.get('sec_one')).toBe(canary);
    expect(await vault.get('sec_missing')).toBeNull();
    expect(vault.backend).toBe('team');
    expect(vault.warning).toBeNull();

    const { rows } = await db.query<{ secret_id: string; wrapped_key: Buffer; sealed_value: Buffer }>(
      'SELECT secret_id, wrapped_key, sealed_value FROM team_secret_values ORDER BY secret_id',
    );
    expect(rows.map((r) => r.secret_id)).toEqual(['sec_one', 'sec_two']);
    // Same value, different data keys and IVs: the ciphertexts differ.
    expect(rows[0]!.sealed_value.equals(rows[1]!.sealed_value)).toBe(false);
    expect(rows[0]!.wrapped_key.equals(rows[1]!.wrapped_key)).toBe(false);
    for (const row of rows) {
      expect(row.sealed_value.includes(Buffer.from(canary))).toBe(false);
      expect(row.wrapped_key.includes(Buffer.from(canary))).toBe(false);
    }
    const keyCheck = (await db.query<{ key_check: Buffer }>('SELECT key_check FROM team_vault')).rows[0]!.key_check;
    expect(keyCheck.equals(key.wrappingKey)).toBe(false);
  });

  it('refuses a ciphertext moved to another secret id (the id is bound as associated data)', async () => {
    const key = newKey();
    await repo.initialise(key.check);
    const vault = await openTeamVault(repo, onMachine(key));
    await vault.set('sec_victim', canary);
    await vault.set('sec_attacker', 'sk-other');
    await db.query(`UPDATE team_secret_values SET wrapped_key = v.wrapped_key, sealed_value = v.sealed_value
      FROM team_secret_values v WHERE v.secret_id = 'sec_victim' AND team_secret_values.secret_id = 'sec_attacker'`);
    const refused = await vault.get('sec_attacker').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(VaultUnavailableError);
    expect((refused as Error).message).toMatch(/altered or copied from another secret/);
    expect((refused as Error).message).not.toContain(canary);
  });

  it('refuses a wrong team key at once, with a message that says what to do', async () => {
    await repo.initialise(newKey().check);
    const opened = await openTeamVault(repo, onMachine(newKey())).catch((error: unknown) => error);
    expect(opened).toBeInstanceOf(TeamKeyMismatchError);
    expect((opened as Error).message).toMatch(/does not match the team database's key-check value/);
    expect((opened as Error).message).toMatch(/switchboard team join/);
  });

  it('says the team has no key yet before `team init`, and how to join on a machine without one', async () => {
    const vault = await openTeamVault(repo, onMachine(newKey()));
    await expect(vault.set('sec_one', canary)).rejects.toThrow(teamNotInitialised);
    expect((await db.query('SELECT count(*)::int AS n FROM team_secret_values')).rows[0]!.n).toBe(0);

    await repo.initialise(newKey().check);
    const unjoined = await openTeamVault(repo, { missing: 'This machine has no team key: run `switchboard team join`.' });
    expect(unjoined.warning).toMatch(/team join/);
    await expect(unjoined.get('sec_one')).rejects.toThrow(/no team key/);
    await expect(unjoined.set('sec_one', canary)).rejects.toBeInstanceOf(VaultUnavailableError);
  });

  it('keeps team init to one key: a second init changes nothing', async () => {
    const first = newKey();
    expect(await repo.initialise(first.check)).toBe(true);
    expect(await repo.initialise(newKey().check)).toBe(false);
    expect((await repo.readKeyCheck())!.equals(first.check)).toBe(true);
  });

  it('rotates the team key: every secret stays readable under the new key, none under the old one', async () => {
    const old = newKey();
    await repo.initialise(old.check);
    const before = await openTeamVault(repo, onMachine(old));
    for (let i = 0; i < 5; i++) await before.set(`sec_${i}`, `${canary}-${i}`);
    const sealedBefore = (await db.query<{ sealed_value: Buffer }>('SELECT sealed_value FROM team_secret_values ORDER BY secret_id')).rows;

    const next = newKey();
    expect(await rotate(repo, old, next)).toEqual({ rewrapped: 5 });
    const after = await openTeamVault(repo, onMachine(next));
    for (let i = 0; i < 5; i++) expect(await after.get(`sec_${i}`)).toBe(`${canary}-${i}`);
    // Only the data keys were re-wrapped; the values were not re-encrypted.
    expect((await db.query<{ sealed_value: Buffer }>('SELECT sealed_value FROM team_secret_values ORDER BY secret_id')).rows).toEqual(
      sealedBefore,
    );
    await expect(openTeamVault(repo, onMachine(old))).rejects.toBeInstanceOf(TeamKeyMismatchError);
    // A gateway that started before the rotation cannot write blobs nobody else could open.
    await expect(before.set('sec_late', canary)).rejects.toBeInstanceOf(TeamKeyMismatchError);
    await expect(before.get('sec_0')).rejects.toBeInstanceOf(TeamKeyMismatchError);
    expect(await rotate(repo, old, newKey())).toEqual({ refused: 'key_mismatch' });
  });

  it('rotates in one transaction: a data key that cannot be re-wrapped leaves every secret and the key check as they were', async () => {
    const old = newKey();
    await repo.initialise(old.check);
    const vault = await openTeamVault(repo, onMachine(old));
    await vault.set('sec_a', canary);
    await vault.set('sec_b', canary);
    const snapshot = async () => (await db.query('SELECT * FROM team_secret_values ORDER BY secret_id')).rows;
    const rowsBefore = await snapshot();
    const next = newKey();
    let calls = 0;
    await expect(
      repo.replaceKey({
        current: old.check,
        next: next.check,
        rewrap: (secretId, wrapped) => {
          if (++calls === 2) throw new Error('the second data key does not open');
          return rewrapDataKey(old, next, secretId, wrapped)!;
        },
      }),
    ).rejects.toThrow(/second data key/);
    expect(await snapshot()).toEqual(rowsBefore);
    expect((await repo.readKeyCheck())!.equals(old.check)).toBe(true);
    expect(await vault.get('sec_b')).toBe(canary);
  });
});

describe('the team vault seen from the gateway role', () => {
  const log = createMemoryLogger();
  const names = { database: uniqueRoleName('vault'), admin: uniqueRoleName('admin'), gateway: uniqueRoleName('gateway') };
  let admin: PostgresDb;
  let gateway: PostgresDb;
  let adminPassword: string;
  const key = newKey();

  const urlFor = (role: string, password: string, database: string) => {
    const url = new URL(inject('postgresOwnerUrl'));
    url.username = role;
    url.password = password;
    url.pathname = `/${database}`;
    return url.toString();
  };

  beforeAll(async () => {
    const roles = await withClient(inject('postgresOwnerUrl'), (dba) => createTeamRoles(dba, names));
    adminPassword = roles.admin.password;
    const adminUrl = urlFor(names.admin, adminPassword, names.database);
    admin = await openPostgres(adminUrl, { log });
    const pool = (await connectPostgres(adminUrl, { log })).pool;
    await grantGatewayAccess(pool, names.gateway).finally(() => pool.end());
    await createPostgresTeamVaultRepo(admin).initialise(key.check);
    await (await openTeamVault(createPostgresTeamVaultRepo(admin), onMachine(key))).set('sec_gw', canary);
    gateway = await openPostgres(urlFor(names.gateway, roles.gateway.password, names.database), { log });
  });
  afterAll(async () => {
    await gateway?.close();
    await admin?.close();
    await withClient(urlFor(names.admin, adminPassword, 'postgres'), (client) =>
      client.query(`DROP DATABASE ${names.database} WITH (FORCE)`),
    );
  });

  it('reads and opens secrets, but may not store, rotate or re-key them (a 403, not a stack trace)', async () => {
    const repo = createPostgresTeamVaultRepo(gateway);
    const vault = await openTeamVault(repo, onMachine(key));
    expect(await vault.get('sec_gw')).toBe(canary);
    for (const attempt of [
      () => vault.set('sec_gw', 'sk-replaced'),
      () => vault.delete('sec_gw'),
      () => rotate(repo, key, newKey()),
      () => repo.initialise(newKey().check),
    ]) {
      const refused = await attempt().catch((error: unknown) => error);
      expect(refused).toMatchObject({ code: 'forbidden' });
      expect((refused as Error).message).toMatch(/may not change (secrets|the team key)\. Make the change from an admin connection/);
    }
    expect(await vault.get('sec_gw')).toBe(canary);
  });
});
