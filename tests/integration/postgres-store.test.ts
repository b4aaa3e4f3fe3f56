import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UsageRecord } from '../../shared/operations/usage';
import { PostgresAuthError } from '../../electron/core/db/postgres/errors';
import { openPostgresStore, type PostgresStore } from '../../electron/core/db/postgres/postgres-store';
import { probeTeamDatabase } from '../../electron/core/db/postgres/probe';
import { UniqueViolationError } from '../../electron/core/db/unique-violation';
import { createMemoryLogger } from '../../electron/core/log';
import { createTestDatabase, withClient, type TestDatabase, memorySettings } from '../support/postgres-database';
import { testClock } from '../support/test-clock';
import { twoDaysByModel } from '../support/usage-views';
import { noTokenLimits } from '../../shared/operations/tokens';

const at = '2026-11-30T04:39:45.123Z';
const later = '2026-11-30T05:00:00.000Z';
const project = (id: string, name = id) => ({ id, name, createdAt: at, updatedAt: at });

const usage = (i: number, fields: Partial<UsageRecord> = {}): UsageRecord => ({
  id: `usr_${String(i).padStart(22, '0')}`,
  at: new Date(Date.UTC(2026, 0, 1 + (i % 2))).toISOString(),
  requestId: `req_${i}`,
  projectId: 'prj_usage',
  aiProviderId: 'aip_x',
  provider: 'anthropic',
  authMethod: 'byo',
  tokenId: 'tok_spender',
  model: i % 3 === 0 ? 'unpriced' : 'claude-haiku-4-5',
  endpoint: '/v1/messages',
  streamed: false,
  status: i % 10 === 0 ? 500 : 200,
  outcome: i % 10 === 0 ? 'upstream_error' : 'ok',
  inputTokens: 10,
  outputTokens: 5,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  costMicroUsd: i % 3 === 0 ? null : 35,
  usageUnknown: false,
  latencyMs: 3,
  ttfbMs: 1,
  labels: { pipeline: i % 2 ? 'web' : 'api' },
  routeId: null,
  attempts: 1,
  attemptLog: null,
  route: 'anthropic',
  overheadMs: 1,
  errorMessage: null,
  gatewayId: null,
  ...fields,
});

/** A promise the test settles by hand: it holds a transaction open across an await. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('the PostgreSQL store', () => {
  let database: TestDatabase;
  let store: PostgresStore;
  const log = createMemoryLogger();
  const open = () => openPostgresStore(database.url, { log, clock: testClock(), settings: memorySettings() });

  beforeAll(async () => {
    database = await createTestDatabase();
    store = await open();
  });
  afterAll(async () => {
    store?.close();
    await store?.closed;
    await database?.drop();
  });

  it('keeps projects with the default one, pages through them by creation time, and refuses a name taken in another case', async () => {
    expect((await store.projects.getDefault()).name).toBe('Default');
    for (let i = 0; i < 5; i++) await store.projects.insert(project(`prj_page${i}`));
    const first = await store.projects.list({ onlyId: null, limit: 3 });
    expect(first.items).toHaveLength(3);
    const second = await store.projects.list({ onlyId: null, limit: 3, cursor: first.nextCursor! });
    expect([...first.items, ...second.items].map((p) => p.id)).toContain('prj_page4');
    expect(second.nextCursor).toBeNull();
    await expect(store.projects.insert(project('prj_dupe', 'PRJ_PAGE0'))).rejects.toBeInstanceOf(UniqueViolationError);
    await expect(store.projects.list({ onlyId: null, limit: 3, cursor: 'bm90IGEgY3Vyc29y' })).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });

  it('keeps secret metadata, providers and their links, and tokens found by hash', async () => {
    await store.projects.insert(project('prj_records'));
    await store.secrets.insert({
      id: 'sec_1',
      projectId: 'prj_records',
      name: 'Key',
      fingerprint: 'sha256:000000000000',
      backend: 'memory',
      createdAt: at,
      updatedAt: at,
      rotatedAt: null,
    });
    const provider = {
      id: 'aip_1',
      projectId: 'prj_records',
      secretId: 'sec_1',
      name: 'OpenAI',
      provider: 'openai' as const,
      defaultModel: 'gpt-4o',
      baseUrl: null,
      config: { region: 'eu' },
      authMethod: 'byo' as const,
      poolSecretIds: [],
      createdAt: at,
      updatedAt: at,
    };
    await store.aiProviders.insert(provider);
    expect(await store.aiProviders.get('aip_1')).toEqual(provider);
    expect(await store.aiProviders.listBySlug('prj_records', 'openai')).toEqual([provider]);
    expect(await store.aiProviders.idByName('prj_records', 'openai')).toBe('aip_1');
    expect((await store.secrets.get('sec_1'))!.linkedProviderIds).toEqual(['aip_1']);
    await store.aiProviders.unlinkSecret('sec_1', later);
    expect((await store.secrets.get('sec_1'))!.linkedProviderIds).toEqual([]);
    await store.secrets.rotate('sec_1', 'sha256:111111111111', 'memory', later);
    expect(await store.secrets.get('sec_1')).toMatchObject({ fingerprint: 'sha256:111111111111', rotatedAt: later });

    const token = {
      id: 'tok_1',
      projectId: 'prj_records',
      name: 'ci',
      kind: 'job' as const,
      prefix: 'sb_abcdefg',
      permissions: [],
      allowedProviders: ['openai'],
      labels: { pipeline: 'web' },
      limits: { ...noTokenLimits, requestsPerMinute: 5, inputTokensPerMinute: null, spendCapUsd: null },
      expiresAt: null,
      revokedAt: null,
      lastUsedAt: null,
      createdAt: at,
      updatedAt: at,
    };
    const hash = Buffer.alloc(32, 7);
    await store.tokens.insert(token, hash);
    expect(await store.tokens.findByHash(hash)).toEqual({ token, hash });
    await store.tokens.touch([['tok_1', later]]);
    await store.tokens.touch([['tok_1', at]]); // never backwards
    expect((await store.tokens.get('tok_1'))!.lastUsedAt).toBe(later);
    await store.tokens.update({ ...token, revokedAt: later, updatedAt: later });
    expect(await store.tokens.list({ projectId: 'prj_records', kind: null, includeRevoked: false, limit: 10 })).toEqual({
      items: [],
      nextCursor: null,
    });
    expect((await store.projects.contents('prj_records', later)).liveTokens).toBe(0);
  });

  it('lists the audit trail newest first, filtered and paged', async () => {
    for (let i = 0; i < 4; i++) {
      await store.audit.insert({
        id: `aud_${i}`,
        at,
        actor: i % 2 ? 'cli' : 'admin',
        action: 'tokens:CreateToken',
        projectId: null,
        targetType: 'token',
        targetId: `tok_${i}`,
        changedFields: ['name'],
      });
    }
    const page = await store.audit.list(
      { projectId: null, actor: 'admin', action: null, targetId: null, since: null, until: null },
      { limit: 1 },
    );
    expect(page.items.map((e) => e.id)).toEqual(['aud_2']);
    const next = await store.audit.list(
      { projectId: null, actor: 'admin', action: null, targetId: null, since: null, until: null },
      { limit: 1, cursor: page.nextCursor! },
    );
    expect(next.items.map((e) => e.id)).toEqual(['aud_0']);
    expect(await store.audit.get('aud_3')).toMatchObject({ actor: 'cli', changedFields: ['name'] });
  });

  it('writes usage rows with their rollups once per request id, and sets a refused row aside', async () => {
    const rows = Array.from({ length: 300 }, (_, i) => usage(i));
    expect(await store.usageRows.append(rows)).toEqual([]);
    // A retried batch (a gateway that did not hear the commit) adds nothing.
    expect(await store.usageRows.append(rows.slice(0, 50))).toEqual([]);
    const refused = await store.usageRows.append([usage(1000, { status: null as unknown as number }), usage(1001)]);
    expect(refused).toEqual([{ requestId: 'req_1000', reason: expect.stringMatching(/status/) }]);

    const summary = await store.usageReports.summary(twoDaysByModel);
    expect(summary.totals).toMatchObject({ requests: 301, errors: 30, unpricedRequests: 100, costMicroUsd: 201 * 35 });
    expect(summary.groups.map((g) => g.key)).toEqual(['claude-haiku-4-5', 'unpriced']);
    const series = await store.usageReports.timeSeries({ ...twoDaysByModel, groupBy: 'pipeline' }, 1, 'day');
    expect(series.keys).toEqual([
      { key: expect.any(String), label: expect.any(String) },
      { key: '__other__', label: '1 others' },
    ]);
    expect(series.daily.map((d) => d.day)).toEqual(['2026-01-01', '2026-01-02']);
    expect(await store.usageReports.spentMicroUsd('tok_spender')).toBe(201 * 35);

    const csv = (await store.usageReports.export(twoDaysByModel, 'csv').collect()).body.trim().split('\r\n');
    expect(csv).toHaveLength(5);
    expect(csv[1]).toMatch(/^2026-01-01,model,/);
    const json = JSON.parse((await store.usageReports.export({ ...twoDaysByModel, groupBy: 'token' }, 'json').collect()).body) as {
      rows: unknown[];
    };
    expect(json.rows).toHaveLength(2);
  });

  it('keeps nothing of a transaction whose work rejects, and refuses the store itself inside one', async () => {
    const failed = store.transaction(async (tx) => {
      await tx.projects.insert(project('prj_undone'));
      await Promise.resolve();
      throw new Error('refused half-way');
    });
    await expect(failed).rejects.toThrow('refused half-way');
    expect(await store.projects.get('prj_undone')).toBeNull();

    const misuse = store.transaction(async (tx) => {
      await tx.projects.insert(project('prj_misuse'));
      await store.projects.get('prj_misuse');
    });
    await expect(misuse).rejects.toThrow("use the transaction's repositories");
    expect(await store.projects.get('prj_misuse')).toBeNull();
  });

  it('runs transactions of two stores on one database one after another: a read-then-write is never lost', async () => {
    const other = await open();
    try {
      await store.projects.insert(project('prj_counter'));
      const held = gate();
      const increment = (on: PostgresStore, wait?: Promise<void>) =>
        on.transaction(async (tx) => {
          const current = (await tx.projects.get('prj_counter'))!.name;
          await wait;
          await tx.projects.rename('prj_counter', `${current}+`, at);
        });
      const first = increment(store, held.opened);
      const second = increment(other);
      await new Promise((resolve) => setTimeout(resolve, 50));
      held.open();
      await Promise.all([first, second]);
      expect((await store.projects.get('prj_counter'))!.name).toBe('prj_counter++');
    } finally {
      other.close();
      await other.closed;
    }
  });

  it("tells a store of another one's configuration change as it commits, and not of a token's last use", async () => {
    const other = await open();
    try {
      let heard = 0;
      const off = store.changes.onExternalChange(() => heard++);
      const renamed = new Promise<void>((resolve) => store.changes.onExternalChange(resolve));
      await other.projects.rename('prj_counter', 'renamed elsewhere', later);
      await renamed;
      const before = heard;
      await other.tokens.touch([['tok_1', '2026-12-01T00:00:00.000Z']]);
      await other.projects.get('prj_counter'); // a round trip after the touch: a notice would have arrived by now
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(heard).toBe(before);
      off();
    } finally {
      other.close();
      await other.closed;
    }
  });

  it('lets the statements in flight finish when it closes', async () => {
    const closing = await open();
    const pending = closing.usageRows.append([usage(2000), usage(2001)]);
    closing.close();
    await expect(pending).resolves.toEqual([]);
    await closing.closed;
    expect((await store.usageReports.summary(twoDaysByModel)).totals.requests).toBe(303);
  });

  it('tests a database for Settings without changing it: an empty one, an up-to-date one, a wrong password', async () => {
    const empty = await createTestDatabase();
    try {
      expect(await probeTeamDatabase(empty.url, log)).toMatch(/an empty database, set up on first use/);
      expect((await withOwner(empty.url, "SELECT to_regclass('schema_migrations') IS NULL AS none")).none).toBe(true);
    } finally {
      await empty.drop();
    }
    expect(await probeTeamDatabase(database.url, log)).toMatch(/schema version \d+, up to date/);
    const wrong = new URL(database.url);
    wrong.password = 'wrong';
    await expect(probeTeamDatabase(wrong.toString(), log)).rejects.toBeInstanceOf(PostgresAuthError);
  });
});

async function withOwner(url: string, sql: string): Promise<Record<string, unknown>> {
  return withClient(url, async (client) => (await client.query(sql)).rows[0] as Record<string, unknown>);
}
