import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { bootCore } from '../../electron/core/boot';
import { openPostgres } from '../../electron/core/db/postgres/database';
import { createPostgresTeamVaultRepo } from '../../electron/core/db/postgres/team-vault-repo';
import { createMemoryLogger } from '../../electron/core/log';
import { cliActor } from '../../electron/core/operations/actor';
import { parseTeamKey } from '../../electron/core/secrets/team-key';
import { openTeamVault } from '../../electron/core/secrets/team-vault';
import type { UsageRecord } from '../../shared/operations/usage';
import { builtCli } from '../support/built-cli';
import { findPostgresBinaries } from '../support/postgres-cluster';
import { uniqueRoleName, withClient } from '../support/postgres-database';
import { makeTempDir } from '../support/temp-dir';
import { noTokenLimits } from '../../shared/operations/tokens';

/**
 * The team commands of the built bin against a real PostgreSQL and the real OS keychain
 * (gnome-keyring in the test D-Bus session): roles, init, join, rotate-key and import, and
 * afterwards no canary key in a dump of the database or in anything the commands printed.
 */
describe('`switchboard team` (the built bin)', { timeout: 90_000 }, () => {
  const canary = `sk-canary-team-${randomBytes(8).toString('hex')}`;
  const names = { database: uniqueRoleName('teamcli'), admin: uniqueRoleName('admin'), gateway: uniqueRoleName('gateway') };
  const printed: string[] = [];
  const baseEnv = { ...process.env, SWITCHBOARD_TEAM_KEY: '', SWITCHBOARD_DATABASE_URL: '' };
  let adminUrl: string;
  let gatewayUrl: string;
  let teamKey: string;
  const solo = makeTempDir('switchboard-solo-');

  const cli = (args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}) => {
    const result = spawnSync(process.execPath, [builtCli, 'team', ...args], {
      env: { ...baseEnv, ...options.env },
      input: options.input ?? '',
      encoding: 'utf8',
    });
    printed.push(result.stdout, result.stderr);
    return result;
  };
  const onTeam = (args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}) =>
    cli([...args, '--database-url', adminUrl], options);
  const count = async (table: string) =>
    withClient(adminUrl, async (c) => (await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n);

  beforeAll(() => {
    const roles = cli([
      'roles',
      '--server-url',
      inject('postgresOwnerUrl'),
      '--database',
      names.database,
      '--admin-role',
      names.admin,
      '--gateway-role',
      names.gateway,
    ]);
    expect(roles.status, roles.stderr).toBe(0);
    const urls = roles.stdout.split('\n').filter((line) => line.startsWith('postgres'));
    expect(urls).toHaveLength(2);
    [adminUrl, gatewayUrl] = urls as [string, string];
    expect(new URL(adminUrl).username).toBe(names.admin);
    expect(new URL(gatewayUrl).username).toBe(names.gateway);
  }, 90_000);
  afterAll(async () => {
    solo.cleanup();
    await withClient(inject('postgresOwnerUrl'), async (c) => {
      await c.query(`DROP DATABASE IF EXISTS ${names.database} WITH (FORCE)`);
      await c.query(`DROP ROLE IF EXISTS ${names.admin}`);
      await c.query(`DROP ROLE IF EXISTS ${names.gateway}`);
    });
  });

  it('team roles gives the gateway role a URL that reads configuration but may not write it', async () => {
    await withClient(gatewayUrl, async (c) => {
      expect((await c.query('SELECT count(*)::int AS n FROM projects')).rows[0].n).toBe(1);
      await expect(c.query("INSERT INTO team_vault (key_check) VALUES ('\\x00')")).rejects.toMatchObject({ code: '42501' });
    });
  });

  it('team init shows the key once on stdout and keeps it in this machine keychain; a second init changes nothing', () => {
    const init = onTeam(['init']);
    expect(init.status, init.stderr).toBe(0);
    expect(init.stdout).toMatch(/^sbtk_[A-Za-z0-9_-]{43}\n$/);
    expect(init.stderr).toMatch(/shown only now/);
    expect(init.stderr).toMatch(/keeps it in its OS keychain/);
    teamKey = init.stdout.trim();

    const again = onTeam(['init']);
    expect(again.status).toBe(1);
    expect(again.stdout).toBe('');
    expect(again.stderr).toMatch(/already has a team key; nothing was changed/);
  });

  it('team join refuses a key that is not the team one, clearly, and keeps the right one', () => {
    const wrong = onTeam(['join'], { input: `sbtk_${randomBytes(32).toString('base64url')}\n` });
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toMatch(/does not match the team database's key-check value/);
    expect(wrong.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace

    const malformed = onTeam(['join'], { input: 'not-a-key' });
    expect(malformed.status).toBe(2);
    expect(malformed.stderr).toMatch(/sbtk_ followed by 43 characters/);

    const joined = onTeam(['join'], { input: teamKey + '\n' });
    expect(joined.status, joined.stderr).toBe(0);
    expect(joined.stdout).toMatch(/Joined .*: the team key is in this machine's OS keychain/);
  });

  it('team import copies a solo store (dry run first, writing nothing), and a second import adds nothing', async () => {
    const soloEnv = { SWITCHBOARD_VAULT: 'file', SWITCHBOARD_MASTER_KEY: 'solo-master-key' };
    const core = await bootCore({
      dataDir: solo.dir,
      mode: 'headless',
      log: createMemoryLogger(),
      vaultChoice: 'file',
      masterKey: soloEnv.SWITCHBOARD_MASTER_KEY,
    });
    let expected: { secretId: string; providerId: string; tokenId: string; backendProjectId: string };
    let soloDefaultProject: string;
    try {
      const backend = await core.projects.create(cliActor, { name: 'Backend' });
      const secret = await core.secrets.create(cliActor, { name: 'openai key', value: canary, projectId: backend.id });
      const provider = await core.aiProviders.create(cliActor, {
        name: 'OpenAI',
        provider: 'openai',
        defaultModel: 'gpt-4o',
        authMethod: 'byo',
        secretId: secret.id,
        projectId: backend.id,
      });
      const token = await core.tokens.create(cliActor, {
        name: 'ci',
        kind: 'job',
        permissions: [],
        allowedProviders: [],
        labels: { pipeline: 'web' },
        limits: { ...noTokenLimits, requestsPerMinute: null, inputTokensPerMinute: null, spendCapUsd: null },
        projectId: backend.id,
      });
      const defaultProject = (await core.projects.list(cliActor, { limit: 10 })).items.find((p) => p.isDefault)!;
      soloDefaultProject = defaultProject.id;
      await core.secrets.create(cliActor, { name: 'default key', value: `${canary}-default`, projectId: defaultProject.id });
      const rows: UsageRecord[] = Array.from({ length: 1200 }, (_, i) => ({
        id: `usr_${i}`,
        at: new Date(Date.UTC(2026, 10, 1 + (i % 3), 12)).toISOString(),
        requestId: `req-${i}`,
        projectId: backend.id,
        aiProviderId: provider.id,
        provider: 'openai',
        authMethod: 'byo',
        tokenId: token.token.id,
        model: 'gpt-4o',
        endpoint: '/v1/chat/completions',
        streamed: i % 2 === 0,
        status: i % 10 === 0 ? 500 : 200,
        outcome: i % 10 === 0 ? 'upstream_error' : 'ok',
        inputTokens: 10,
        outputTokens: 5,
        cacheReadTokens: 0,
        cacheWriteTokens: 0,
        costMicroUsd: i % 7 === 0 ? null : 100,
        usageUnknown: false,
        latencyMs: 20,
        ttfbMs: 5,
        labels: { pipeline: 'web' },
        routeId: null,
        attempts: 1,
        attemptLog: null,
        route: 'openai',
        overheadMs: 1,
        errorMessage: null,
        gatewayId: null,
      }));
      expect(await core.store.usageRows.append(rows)).toEqual([]);
      // Settings: the retention is the team's to share; the port and the log level are this machine's.
      await core.invoke('updateUsageRetention', { rawRowsDays: 30 }, cliActor);
      await core.invoke('updateGatewaySettings', { port: 4999, logLevel: 'debug' }, cliActor);
      expected = { secretId: secret.id, providerId: provider.id, tokenId: token.token.id, backendProjectId: backend.id };
    } finally {
      core.close();
    }
    const expectedDaily = soloDaily(solo.dir);
    const soloAudit = soloAuditEvents(solo.dir);
    expect(soloAudit.length).toBeGreaterThanOrEqual(6);
    const tables = [
      'projects',
      'secrets',
      'ai_providers',
      'tokens',
      'usage_records',
      'usage_daily',
      'team_secret_values',
      'audit_events',
      'settings',
    ];
    const countAll = async () => Object.fromEntries(await Promise.all(tables.map(async (t) => [t, await count(t)])));
    const before = await countAll();
    const dumpBefore = dump(adminUrl);

    const dryRun = onTeam(['import', '--from', solo.dir, '--dry-run'], { env: soloEnv });
    expect(dryRun.status, dryRun.stderr).toBe(0);
    expect(dryRun.stdout).toContain('Dry run (nothing written)');
    expect(dryRun.stdout).toContain('projects: 1 new, 1 already there (of 2)');
    expect(dryRun.stdout).toContain('secrets: 2 new, 0 already there (of 2)');
    expect(dryRun.stdout).toContain('usage rows: 1200 new, 0 already there (of 1200)');
    expect(dryRun.stdout).toContain(`audit events: ${soloAudit.length} new, 0 already there (of ${soloAudit.length})`);
    expect(dryRun.stdout).toContain('settings: 1 new, 0 already there (of 1); kept on that machine: log.level, server.port');
    expect(await countAll()).toEqual(before);
    expect(dump(adminUrl)).toBe(dumpBefore);

    const imported = onTeam(['import', '--from', solo.dir], { env: soloEnv });
    expect(imported.status, imported.stderr).toBe(0);
    expect(imported.stdout).toBe(dryRun.stdout.replace('Dry run (nothing written): would import', 'Imported'));
    const after = await countAll();
    expect(after).toMatchObject({ projects: 2, secrets: 2, ai_providers: 1, tokens: 1, usage_records: 1200, team_secret_values: 2 });
    expect(after.audit_events).toBe(before.audit_events + soloAudit.length);
    expect(after.settings).toBe(before.settings + 1);

    const twice = onTeam(['import', '--from', solo.dir], { env: soloEnv });
    expect(twice.status, twice.stderr).toBe(0);
    expect(twice.stdout).toContain('usage rows: 0 new, 1200 already there (of 1200)');
    expect(twice.stdout).toContain('secrets: 0 new, 2 already there (of 2)');
    expect(twice.stdout).toContain(`audit events: 0 new, ${soloAudit.length} already there (of ${soloAudit.length})`);
    expect(twice.stdout).toContain('settings: 0 new, 1 already there (of 1)');
    expect(await countAll()).toEqual(after);

    // The audit log keeps its order and what each event says; the project ids follow the merge.
    const teamAudit = await withClient(adminUrl, async (c) => (await c.query(auditSql)).rows);
    const teamDefaultProject = await withClient(
      adminUrl,
      async (c) => (await c.query<{ id: string }>('SELECT id FROM projects WHERE is_default')).rows[0]!.id,
    );
    expect(teamAudit.filter((event) => soloAudit.some((solo) => solo.id === event.id))).toEqual(
      soloAudit.map((event) => ({
        ...event,
        project_id: event.project_id === soloDefaultProject! ? teamDefaultProject : event.project_id,
      })),
    );
    // A gateway on the team database uses the imported retention; the port and log level stayed behind.
    const teamCore = await bootCore({
      dataDir: makeTempDir('switchboard-team-gateway-').dir,
      databaseUrl: adminUrl,
      teamKey,
      mode: 'headless',
      log: createMemoryLogger(),
    });
    try {
      expect(await teamCore.invoke('getUsageRetention', {}, cliActor)).toMatchObject({ rawRowsDays: 30 });
      expect(await teamCore.invoke('getGatewaySettings', {}, cliActor)).toMatchObject({ logLevel: 'info' });
    } finally {
      await teamCore.close();
    }

    // The rollups are the solo ones (summed only for rows actually inserted), and the values open under the team key.
    const teamDaily = await withClient(adminUrl, async (c) => (await c.query(dailySql)).rows);
    expect(teamDaily).toEqual(expectedDaily);
    const log = createMemoryLogger();
    const db = await openPostgres(adminUrl, { log });
    try {
      const vault = await openTeamVault(createPostgresTeamVaultRepo(db), { key: parseTeamKey(teamKey)!, source: 'from the test' });
      expect(await vault.get(expected!.secretId)).toBe(canary);
      const row = (
        await db.query<{ backend: string; project_id: string }>('SELECT backend, project_id FROM secrets WHERE id = $1', [
          expected!.secretId,
        ])
      ).rows[0];
      expect(row).toEqual({ backend: 'team', project_id: expected!.backendProjectId });
    } finally {
      await db.close();
    }
  });

  it('team rotate-key re-wraps every data key, shows the new key once and keeps it in the keychain', async () => {
    const rotated = onTeam(['rotate-key']);
    expect(rotated.status, rotated.stderr).toBe(0);
    expect(rotated.stdout).toMatch(/^sbtk_[A-Za-z0-9_-]{43}\n$/);
    expect(rotated.stderr).toMatch(/Re-wrapped 2 secret\(s\)/);
    const next = rotated.stdout.trim();
    expect(next).not.toBe(teamKey);

    // The keychain now holds the new key: rotating again works from it.
    const again = onTeam(['rotate-key']);
    expect(again.status, again.stderr).toBe(0);
    const latest = again.stdout.trim();

    const withOld = onTeam(['rotate-key'], { env: { SWITCHBOARD_TEAM_KEY: teamKey } });
    expect(withOld.status).toBe(1);
    expect(withOld.stderr).toMatch(/from SWITCHBOARD_TEAM_KEY does not match/);

    const db = await openPostgres(adminUrl, { log: createMemoryLogger() });
    try {
      const vault = await openTeamVault(createPostgresTeamVaultRepo(db), { key: parseTeamKey(latest)!, source: 'from the test' });
      const ids = (await db.query<{ id: string }>('SELECT id FROM secrets ORDER BY name')).rows.map((r) => r.id);
      expect(await Promise.all(ids.map((id) => vault.get(id)))).toEqual([`${canary}-default`, canary]);
    } finally {
      await db.close();
    }
  });

  it('leaves no canary key in a dump of the team database or in anything the commands printed', () => {
    const text = dump(adminUrl);
    expect(text).toContain('team_secret_values');
    expect(text).not.toContain(canary);
    for (const output of printed) expect(output).not.toContain(canary);
  });
});

const dailySql = `SELECT to_char(day, 'YYYY-MM-DD') AS day, pipeline, requests::int, errors::int, input_tokens::int, cost_micro_usd::int, unpriced_requests::int
  FROM usage_daily ORDER BY day, pipeline`;

/** The solo store's daily rollups, in the shape `dailySql` reads from the team database. */
function soloDaily(dataDir: string): unknown[] {
  const db = new Database(path.join(dataDir, 'switchboard.db'), { readonly: true });
  try {
    return db
      .prepare(
        'SELECT day, pipeline, requests, errors, input_tokens, cost_micro_usd, unpriced_requests FROM usage_daily ORDER BY day, pipeline',
      )
      .all();
  } finally {
    db.close();
  }
}

const auditSql = `SELECT id, action, actor, project_id, target_type, target_id, changed_fields
  FROM audit_events ORDER BY seq`;

/** The solo store's audit log, in the shape `auditSql` reads from the team database. */
function soloAuditEvents(dataDir: string): Record<string, unknown>[] {
  const db = new Database(path.join(dataDir, 'switchboard.db'), { readonly: true });
  try {
    return db
      .prepare<[], Record<string, unknown>>(
        'SELECT id, action, actor, project_id, target_type, target_id, changed_fields FROM audit_events ORDER BY seq',
      )
      .all()
      .map((row) => ({ ...row, changed_fields: JSON.parse(row.changed_fields as string) as unknown }));
  } finally {
    db.close();
  }
}

/** pg_dump of the whole database (data and schema), as a person auditing it would run it. */
function dump(url: string): string {
  const pgDump = path.join(findPostgresBinaries().bin, 'pg_dump');
  const result = spawnSync(pgDump, ['--no-owner', '--dbname', url], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`pg_dump failed: ${result.stderr}`);
  // Newer pg_dump brackets its output with a random \restrict key; the data is what is compared.
  return result.stdout.replace(/^\\(un)?restrict .*$/gm, '');
}
