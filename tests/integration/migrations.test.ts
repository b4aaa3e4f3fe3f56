import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/db/sqlite/database';
import { DatabaseTooNewError, migrate } from '../../electron/core/db/sqlite/migrate';
import { migrations } from '../../electron/core/db/sqlite/migrations';
import { createMemoryLogger } from '../../electron/core/log';
import { makeTempDir } from '../support/temp-dir';
import { bootCore } from '../../electron/core/boot';
import { adminSessionActor } from '../../electron/core/operations/actor';
import { createMemoryVault } from '../../electron/core/secrets/memory-vault';
import type { BudgetStatus, TokenSpend } from '../../shared/operations/budgets';
import { noTokenLimits, type Token } from '../../shared/operations/tokens';

const here = path.dirname(fileURLToPath(import.meta.url));
const latest = migrations.at(-1)!.version;

/** A database at schema `version` holding one of each store record, as an older Switchboard left it. */
function databaseAt(file: string, version: number): void {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  migrate(db, migrations, createMemoryLogger(), version);
  const project = db.prepare<[], { id: string }>('SELECT id FROM projects WHERE is_default = 1').get()!;
  const at = '2026-01-01T00:00:00.000Z';
  db.prepare("INSERT INTO secrets VALUES ('sec_0000000000000000old1', ?, 'old secret', 'sha256:000000000000', 'keychain', ?, ?, NULL)").run(
    project.id,
    at,
    at,
  );
  db.prepare(
    "INSERT INTO ai_providers (id, project_id, secret_id, name, provider, default_model, base_url, config, auth_method, created_at, updated_at) VALUES ('aip_0000000000000000old1', ?, 'sec_0000000000000000old1', 'old provider', 'openai', 'gpt-4o', NULL, NULL, 'byo', ?, ?)",
  ).run(project.id, at, at);
  db.prepare(
    `INSERT INTO tokens VALUES ('tok_0000000000000000old1', ?, 'old token', 'api', randomblob(32), 'sb_old0000', '["aiProviders:ListAiProviders"]',
       '[]', '{}', '{"requestsPerMinute":null,"inputTokensPerMinute":null,"spendCapUsd":null}', NULL, NULL, NULL, ?, ?)`,
  ).run(project.id, at, at);
  const usage = db.prepare(
    `INSERT INTO usage_records (id, at, request_id, project_id, ai_provider_id, provider, auth_method, token_id, model, endpoint, streamed,
       status, outcome, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost_micro_usd, latency_ms, ttfb_ms, labels)
     VALUES (?, ?, ?, ?, 'aip_0000000000000000old1', 'openai', 'byo', 'tok_0000000000000000old1', 'gpt-4o', '/v1/chat/completions', ?,
       200, 'ok', ?, 5, 0, 0, ?, 12, 3, '{"pipeline":"web"}')`,
  );
  for (let i = 0; i < 3; i++) usage.run(`usr_00000000000000000old${i}`, at, `req-${i}`, project.id, i % 2, 100 + i, i === 2 ? null : 1500);
  db.close();
}

/** What rows recorded before routes (41) read as: no route, one attempt, no attempt log. */
const beforeRoutes = { route_id: null, attempts: 1, attempt_log: null };

const usageRows = (db: Database.Database) => db.prepare('SELECT * FROM usage_records ORDER BY seq').all();
/** The request log's columns (50) as an older row gets them: its pipeline from its labels, the rest unknown (`attempts` is 41's). */
const requestLogColumns = { route: null, overhead_ms: null, error_message: null, pipeline: 'web', gateway_id: null };

const tables = (db: Database.Database) =>
  db
    .prepare<[], { name: string }>(
      "SELECT name FROM sqlite_master WHERE type IN ('table', 'index') AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .all()
    .map((r) => r.name);

const indexesOf = (db: Database.Database, table: string) =>
  db
    .prepare<[string], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? ORDER BY name")
    .all(table)
    .map((r) => r.name);

describe('database migrations', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let file: string;
  beforeEach(() => {
    temp = makeTempDir();
    file = path.join(temp.dir, 'switchboard.db');
  });
  afterEach(() => temp.cleanup());

  it('lists migrations in strictly increasing version order (a lower number added later would never run)', () => {
    const versions = migrations.map((m) => m.version);
    expect(versions).toEqual([...new Set(versions)].sort((a, b) => a - b));
  });

  it('creates the latest schema with WAL, foreign keys and one default project', () => {
    const db = openDatabase(file, createMemoryLogger());
    expect(db.pragma('user_version', { simple: true })).toBe(latest);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.prepare('SELECT name, is_default FROM projects').all()).toEqual([{ name: 'Default', is_default: 1 }]);
    db.close();
    // Opening again migrates nothing and keeps the one default project.
    const again = openDatabase(file, createMemoryLogger());
    expect(again.prepare('SELECT count(*) AS n FROM projects').get()).toEqual({ n: 1 });
    again.close();
  });

  it('gives a fresh database the same schema as migrating step by step', () => {
    const fresh = openDatabase(file, createMemoryLogger());
    const freshSchema = tables(fresh);
    fresh.close();
    const stepFile = path.join(temp.dir, 'stepwise.db');
    const stepwise = new Database(stepFile);
    for (const step of migrations) migrate(stepwise, migrations, createMemoryLogger(), step.version);
    expect(stepwise.pragma('user_version', { simple: true })).toBe(latest);
    expect(tables(stepwise)).toEqual(freshSchema);
    stepwise.close();
  });

  for (const older of migrations.slice(0, -1)) {
    it(`migrates a version ${older.version} database with data to version ${latest}, keeping the data`, () => {
      databaseAt(file, older.version);
      const db = openDatabase(file, createMemoryLogger());
      expect(db.pragma('user_version', { simple: true })).toBe(latest);
      expect(db.prepare('SELECT name, secret_id FROM ai_providers').all()).toEqual([
        { name: 'old provider', secret_id: 'sec_0000000000000000old1' },
      ]);
      expect(db.prepare('SELECT count(*) AS n FROM tokens').get()).toEqual({ n: 1 });
      expect(db.prepare('SELECT count(*) AS n FROM projects').get()).toEqual({ n: 1 });
      expect(db.prepare('SELECT request_id, input_tokens, cost_micro_usd FROM usage_records ORDER BY seq').all()).toEqual([
        { request_id: 'req-0', input_tokens: 100, cost_micro_usd: 1500 },
        { request_id: 'req-1', input_tokens: 101, cost_micro_usd: 1500 },
        { request_id: 'req-2', input_tokens: 102, cost_micro_usd: null },
      ]);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
      db.close();
    });
  }

  it('rebuilds usage rows without the write-only indexes (21), keeping every row, column and sequence number', () => {
    databaseAt(file, 20);
    const old = new Database(file);
    const before = usageRows(old);
    expect(indexesOf(old, 'usage_records')).toEqual(['sqlite_autoindex_usage_records_1', 'usage_records_by_at', 'usage_records_by_token']);
    old.close();

    const db = openDatabase(file, createMemoryLogger());
    // Rows recorded before usage could be unknown keep their counts and are marked known (22).
    expect(usageRows(db)).toEqual(before.map((row) => ({ ...(row as object), usage_unknown: 0, ...beforeRoutes, ...requestLogColumns })));
    expect(indexesOf(db, 'usage_records')).toEqual(['usage_records_by_at', 'usage_records_by_pipeline']);
    const next = db
      .prepare(
        "INSERT INTO usage_records SELECT NULL, id, at, 'req-new', project_id, ai_provider_id, provider, auth_method, token_id, model, endpoint, streamed, status, outcome, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost_micro_usd, latency_ms, ttfb_ms, labels, usage_unknown, route_id, attempts, attempt_log, route, overhead_ms, error_message, pipeline, gateway_id FROM usage_records WHERE seq = 1",
      )
      .run();
    expect(Number(next.lastInsertRowid)).toBe(before.length + 1);
    db.close();
  });

  it('adds an empty usage quarantine (23) beside the usage rows, which stay as they were', () => {
    databaseAt(file, 22);
    const old = new Database(file);
    const before = usageRows(old);
    expect(tables(old)).not.toContain('usage_quarantine');
    old.close();

    const db = openDatabase(file, createMemoryLogger());
    expect(usageRows(db)).toEqual(before.map((row) => ({ ...(row as object), ...beforeRoutes, ...requestLogColumns })));
    expect(db.prepare('SELECT COUNT(*) FROM usage_quarantine').pluck().get()).toBe(0);
    db.prepare(
      "INSERT INTO usage_quarantine (quarantined_at, request_id, reason, row) VALUES ('2026-01-01T00:00:00.000Z', 'req-x', 'NOT NULL constraint failed', '{}')",
    ).run();
    expect(() =>
      db
        .prepare(
          "INSERT INTO usage_quarantine (quarantined_at, request_id, reason, row) VALUES ('2026-01-01T00:00:00.000Z', 'req-y', NULL, '{}')",
        )
        .run(),
    ).toThrow(/NOT NULL/);
    db.close();
  });

  it('adds routes (40), attempts on usage rows (41) and key pools (42), older rows and providers unchanged', () => {
    databaseAt(file, 30);
    const old = new Database(file);
    const before = usageRows(old);
    const provider = old.prepare('SELECT * FROM ai_providers').get() as object;
    old.close();

    const db = openDatabase(file, createMemoryLogger());
    expect(usageRows(db)).toEqual(before.map((row) => ({ ...(row as object), ...beforeRoutes, ...requestLogColumns })));
    expect(db.prepare('SELECT * FROM ai_providers').get()).toEqual({ ...provider, pool_secret_ids: '[]' });
    expect(db.prepare('SELECT COUNT(*) FROM routes').pluck().get()).toBe(0);
    db.close();
  });

  it('gives older usage rows the request log columns (50): the pipeline from their labels, indexed for the pipeline filter', () => {
    databaseAt(file, 30);
    const old = new Database(file);
    old.prepare('UPDATE usage_records SET labels = \'{"build":"7"}\' WHERE request_id = \'req-1\'').run();
    old.prepare("UPDATE usage_records SET labels = '{\"pipeline\":42}' WHERE request_id = 'req-2'").run();
    old.close();

    const db = openDatabase(file, createMemoryLogger());
    expect(db.prepare('SELECT request_id, pipeline, attempts, route, error_message FROM usage_records ORDER BY seq').all()).toEqual([
      { request_id: 'req-0', pipeline: 'web', attempts: 1, route: null, error_message: null },
      { request_id: 'req-1', pipeline: null, attempts: 1, route: null, error_message: null },
      { request_id: 'req-2', pipeline: null, attempts: 1, route: null, error_message: null },
    ]);
    const plan = db
      .prepare(
        "EXPLAIN QUERY PLAN SELECT * FROM usage_records WHERE pipeline = 'web' AND at >= '2026-01-01' ORDER BY at DESC, seq DESC LIMIT 51",
      )
      .all() as { detail: string }[];
    expect(plan.map((step) => step.detail).join(' ')).toContain('usage_records_by_pipeline');
    db.close();
  });

  it('fills the hourly rollups (51) from the raw rows kept, one row per hour and key', () => {
    databaseAt(file, 50);
    const old = new Database(file);
    // At version 50 the recorder writes the pipeline column beside the labels.
    old.prepare("UPDATE usage_records SET pipeline = json_extract(labels, '$.pipeline')").run();
    old
      .prepare(
        "UPDATE usage_records SET at = '2026-01-01T13:59:59.999Z', status = 500, outcome = 'upstream_error' WHERE request_id = 'req-2'",
      )
      .run();
    old.close();

    const db = openDatabase(file, createMemoryLogger());
    expect(
      db
        .prepare(
          'SELECT hour, pipeline, model, requests, errors, input_tokens, cost_micro_usd, unpriced_requests FROM usage_hourly ORDER BY hour',
        )
        .all(),
    ).toEqual([
      {
        hour: '2026-01-01T00',
        pipeline: 'web',
        model: 'gpt-4o',
        requests: 2,
        errors: 0,
        input_tokens: 201,
        cost_micro_usd: 3000,
        unpriced_requests: 0,
      },
      {
        hour: '2026-01-01T13',
        pipeline: 'web',
        model: 'gpt-4o',
        requests: 1,
        errors: 1,
        input_tokens: 102,
        cost_micro_usd: 0,
        unpriced_requests: 1,
      },
    ]);
    db.close();
  });

  it("counts a capped token's usage from before the budget ledger (31) at once: the Tokens list and a new budget show it before any request", async () => {
    databaseAt(file, 30);
    const old = new Database(file);
    old
      .prepare(
        `UPDATE tokens SET kind = 'job', permissions = '[]',
           limits = '{"requestsPerMinute":null,"inputTokensPerMinute":null,"spendCapUsd":5}' WHERE id = 'tok_0000000000000000old1'`,
      )
      .run();
    // At version 30 the recorder wrote each row's daily rollup beside it.
    old
      .prepare(
        `INSERT INTO usage_daily SELECT substr(at, 1, 10), project_id, provider, ai_provider_id, auth_method, model, token_id, 'web',
           COUNT(*), 0, SUM(input_tokens), SUM(output_tokens), 0, 0, SUM(COALESCE(cost_micro_usd, 0)), SUM(cost_micro_usd IS NULL)
         FROM usage_records GROUP BY 1, 2, 3, 4, 5, 6, 7`,
      )
      .run();
    old.close();

    const core = await bootCore({
      databaseUrl: null,
      dataDir: temp.dir,
      mode: 'headless',
      log: createMemoryLogger(),
      vault: createMemoryVault(),
      env: {},
    });
    try {
      const spend = (await core.invoke('listTokenSpend', {}, adminSessionActor)) as { items: TokenSpend[] };
      expect(spend.items).toEqual([{ tokenId: 'tok_0000000000000000old1', capUsd: 5, spentMicroUsd: 3000, reservedMicroUsd: 0 }]);
      const budget = (await core.invoke(
        'createBudget',
        { name: 'old token', scope: 'token', scopeId: 'tok_0000000000000000old1', period: 'lifetime', capUsd: 1 },
        adminSessionActor,
      )) as BudgetStatus;
      expect(budget).toMatchObject({ spentMicroUsd: 3000, reservedMicroUsd: 0 });
      // The token reads with the limits added since, at their defaults.
      expect(((await core.invoke('getToken', { tokenId: 'tok_0000000000000000old1' }, adminSessionActor)) as Token).limits).toEqual({
        ...noTokenLimits,
        spendCapUsd: 5,
      });
    } finally {
      await core.close();
    }
  });

  it('keys the rollups on the gateway (72): older rows and rollups keep their sums under no gateway, and a gateway of its own adds a key', () => {
    databaseAt(file, 71);
    const before = new Database(file);
    // The daily rollups of the raw rows, as the recorder of version 60 wrote them.
    before.exec(`INSERT INTO usage_daily SELECT substr(at, 1, 10), project_id, provider, COALESCE(ai_provider_id, ''), auth_method,
      COALESCE(model, ''), COALESCE(token_id, ''), COALESCE(pipeline, ''), COUNT(*), 0, SUM(input_tokens), SUM(output_tokens), 0, 0,
      COALESCE(SUM(cost_micro_usd), 0), SUM(cost_micro_usd IS NULL) FROM usage_records GROUP BY 1, 2, 3, 4, 5, 6, 7, 8`);
    const sums = (db: Database.Database, table: string) =>
      db.prepare(`SELECT SUM(requests) AS requests, SUM(input_tokens) AS input, SUM(cost_micro_usd) AS cost FROM ${table}`).get();
    const daily = sums(before, 'usage_daily');
    const hourly = sums(before, 'usage_hourly');
    before.close();

    const db = openDatabase(file, createMemoryLogger());
    expect(sums(db, 'usage_daily')).toEqual(daily);
    expect(sums(db, 'usage_hourly')).toEqual(hourly);
    expect(
      db.prepare('SELECT DISTINCT gateway_id FROM usage_daily UNION SELECT DISTINCT gateway_id FROM usage_hourly').pluck().all(),
    ).toEqual(['']);
    expect(db.prepare('SELECT DISTINCT gateway_id FROM usage_records').pluck().all()).toEqual([null]);
    // The same day and dimensions from a gateway are a row of their own, not added to the older one.
    const key = db.prepare('SELECT * FROM usage_daily LIMIT 1').get() as Record<string, unknown>;
    db.prepare(
      `INSERT INTO usage_daily (day, project_id, provider, ai_provider_id, auth_method, model, token_id, pipeline, gateway_id, requests, errors,
         input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost_micro_usd, unpriced_requests)
       VALUES (@day, @project_id, @provider, @ai_provider_id, @auth_method, @model, @token_id, @pipeline, 'gw_aaaaaaaaaaaaaaaa', 1, 0, 1, 1, 0, 0, 1, 0)`,
    ).run(key);
    expect(db.prepare('SELECT gateway_id, requests FROM usage_daily WHERE day = ? ORDER BY gateway_id').all(key.day)).toEqual([
      { gateway_id: '', requests: key.requests },
      { gateway_id: 'gw_aaaaaaaaaaaaaaaa', requests: 1 },
    ]);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'usage_daily' ORDER BY 1").pluck().all()).toEqual(
      ['usage_daily_by_model', 'usage_daily_by_pipeline', 'usage_daily_by_provider'],
    );
    db.close();
  });

  it("drops the usage rows' gateway index (73), rows untouched: the request log's gateway filter walks the time index", () => {
    databaseAt(file, 72);
    const old = new Database(file);
    old.prepare("UPDATE usage_records SET gateway_id = 'gw_aaaaaaaaaaaaaaaa' WHERE request_id = 'req-1'").run();
    const before = usageRows(old);
    expect(indexesOf(old, 'usage_records')).toEqual(['usage_records_by_at', 'usage_records_by_gateway', 'usage_records_by_pipeline']);
    old.close();

    const db = openDatabase(file, createMemoryLogger());
    expect(usageRows(db)).toEqual(before);
    expect(indexesOf(db, 'usage_records')).toEqual(['usage_records_by_at', 'usage_records_by_pipeline']);
    const plan = (filter: string) =>
      (
        db
          .prepare(
            `EXPLAIN QUERY PLAN SELECT * FROM usage_records WHERE at >= '2026-01-01' AND at < '2026-02-01' AND ${filter} ORDER BY at DESC, seq DESC LIMIT 51`,
          )
          .all() as { detail: string }[]
      )
        .map((step) => step.detail)
        .join(' ');
    expect(plan("gateway_id = 'gw_aaaaaaaaaaaaaaaa'")).toContain('usage_records_by_at');
    // Gateway and pipeline together: the pipeline's index, the one that narrows.
    expect(plan("gateway_id = 'gw_aaaaaaaaaaaaaaaa' AND pipeline = 'web'")).toContain('usage_records_by_pipeline');
    db.close();
  });

  it('refuses a future database and leaves the file byte for byte untouched', () => {
    databaseAt(file, latest);
    const db = new Database(file);
    db.pragma('journal_mode = DELETE'); // fold the WAL in, so the main file is the whole database
    db.pragma(`user_version = ${latest + 5}`);
    db.close();
    const before = createHash('sha256').update(readFileSync(file)).digest('hex');
    expect(() => openDatabase(file, createMemoryLogger())).toThrow(DatabaseTooNewError);
    expect(createHash('sha256').update(readFileSync(file)).digest('hex')).toBe(before);
  });

  it('keeps the previous consistent version when killed with SIGKILL mid-migration', async () => {
    databaseAt(file, 1);
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, '../support/slow-migration-child.ts'), file], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`child never started migrating: ${stderr}`)), 20_000);
      child.stdout.on('data', (chunk: Buffer) => {
        if (!chunk.toString().includes('migrating')) return;
        clearTimeout(timer);
        resolve();
      });
    });
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const check = new Database(file);
    expect(check.pragma('user_version', { simple: true })).toBe(1);
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(tables(check)).not.toContain('half_done');
    expect(tables(check)).not.toContain('ai_providers_page'); // migration 2 ran in the same transaction
    expect(check.prepare('SELECT name FROM projects').all()).toEqual([{ name: 'Default' }]);
    check.close();

    const reopened = openDatabase(file, createMemoryLogger());
    expect(reopened.pragma('user_version', { simple: true })).toBe(latest);
    expect(reopened.prepare('SELECT name FROM ai_providers').all()).toEqual([{ name: 'old provider' }]);
    reopened.close();
  });
});
