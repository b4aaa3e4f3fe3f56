import { AppError } from '../../shared/errors';
import type { AiProvider } from '../../shared/operations/ai-providers';
import type { Token, TokenLimits } from '../../shared/operations/tokens';
import type { UsageRecord } from '../../shared/operations/usage';
import type { ProviderSlug } from '../../shared/slugs';
import { listen, type Listening } from '../../electron/core/http/listen';
import { bootCore } from '../../electron/core/boot';
import type { EventBus } from '../../electron/core/events';
import { newId, randomBase62 } from '../../electron/core/ids';
import { createMemoryLogger } from '../../electron/core/log';
import { createProxy, type Proxy } from '../../electron/core/proxy/proxy-handler';
import type { ProxyOptions } from '../../electron/core/proxy/proxy-deps';
import { createMemoryVault } from '../../electron/core/secrets/memory-vault';
import { createPriceTable } from '../../electron/core/usage/price-table';
import { createUsageRecorder } from '../../electron/core/usage/usage-recorder';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream/fake-upstream';
import { makeTempDir } from './temp-dir';

export interface ProviderSpec {
  slug: ProviderSlug;
  name?: string;
  /** Defaults to the fake upstream's URL; a function gets that URL. */
  baseUrl?: string | null | ((fakeUrl: string) => string);
  config?: Record<string, unknown> | null;
  authMethod?: 'byo' | 'hosted';
  /** The provider key; a canary by default. Null: no secret linked. */
  secret?: string | null;
  defaultModel?: string;
}

export interface TokenSpec {
  name?: string;
  allowedProviders?: string[];
  limits?: Partial<TokenLimits>;
  labels?: Record<string, string>;
  expiresAt?: string | null;
}

export interface ProxyHarness {
  endpoint: string;
  fake: FakeUpstream;
  providers: AiProvider[];
  tokens: { value: string; token: Token }[];
  logLines: string[];
  proxy: Proxy;
  events: EventBus;
  /** Every usage row, after flushing the recorder. */
  rows(): UsageRecord[];
  /** Waits (bounded) until at least `count` rows exist. */
  waitForRows(count: number): Promise<UsageRecord[]>;
  stop(): Promise<void>;
}

/** A canary key: it must never show up in a response, a log line or a usage row. */
export const canaryKey = (slug: string) => `sk-canary-${slug}-${'Z'.repeat(24)}`;

/** The proxy over a real database and a real recorder, on 127.0.0.1, in front of the fake upstream. */
export async function startProxyHarness(spec: { providers: ProviderSpec[]; tokens?: TokenSpec[]; options?: ProxyOptions }): Promise<ProxyHarness> {
  const temp = makeTempDir();
  const log = createMemoryLogger();
  const core = await bootCore({ dataDir: temp.dir, mode: 'headless', log, vault: createMemoryVault() });
  const fake = await startFakeUpstream();
  const projectId = (core.db.prepare('SELECT id FROM projects WHERE is_default = 1').get() as { id: string }).id;
  const now = new Date().toISOString();
  const secrets = new Map<string, string>();
  const providers: AiProvider[] = spec.providers.map((p) => {
    const secret = p.secret === undefined ? canaryKey(p.slug) : p.secret;
    const secretId = secret === null ? null : newId('secret');
    if (secretId && secret) secrets.set(secretId, secret);
    return {
      id: newId('aiProvider'),
      projectId,
      secretId,
      name: p.name ?? `${p.slug} test`,
      provider: p.slug,
      defaultModel: p.defaultModel ?? 'default-model',
      baseUrl: p.baseUrl === undefined ? fake.url : typeof p.baseUrl === 'function' ? p.baseUrl(fake.url) : p.baseUrl,
      config: p.config ?? null,
      authMethod: p.authMethod ?? 'byo',
      createdAt: now,
      updatedAt: now,
    };
  });
  const tokens = (spec.tokens ?? [{}]).map((t, i) => ({
    value: `sb_${randomBase62(32)}`,
    token: {
      id: newId('token'),
      projectId,
      name: t.name ?? `job ${i}`,
      kind: 'job' as const,
      prefix: 'sb_',
      permissions: [],
      allowedProviders: t.allowedProviders ?? [],
      labels: t.labels ?? {},
      limits: { requestsPerMinute: null, inputTokensPerMinute: null, spendCapUsd: null, ...t.limits },
      expiresAt: t.expiresAt ?? null,
      revokedAt: null,
      lastUsedAt: null,
      createdAt: now,
      updatedAt: now,
    },
  }));
  const recorder = createUsageRecorder({ db: core.db, events: core.events, log, prices: createPriceTable() });
  const proxy = createProxy(
    {
      log,
      clock: core.clock,
      events: core.events,
      recorder,
      authenticateJobToken(value) {
        const hit = tokens.find((t) => t.value === value);
        if (!hit) throw new AppError('unauthorized', 'Unknown or revoked token');
        return hit.token;
      },
      resolveProvider(project, ref) {
        const matches = providers.filter((p) => p.projectId === project && (p.id === ref || p.provider === ref));
        if (matches.length === 0) throw new AppError('not_found', `No AI provider ${ref}`);
        if (matches.length > 1) throw new AppError('conflict', `Ambiguous provider ${ref}`, { ids: matches.map((p) => p.id) });
        return matches[0]!;
      },
      async readSecret(id) {
        const value = secrets.get(id);
        if (value === undefined) throw new AppError('not_found', 'no secret');
        return value;
      },
      loadSpentMicroUsd(tokenId) {
        const row = core.db.prepare('SELECT COALESCE(SUM(cost_micro_usd), 0) AS spent FROM usage_daily WHERE token_id = ?').get(tokenId) as { spent: number };
        return row.spent;
      },
    },
    spec.options,
  );
  const server: Listening = await listen((req, res) => void proxy.handle(req, res, new URL(req.url ?? '/', 'http://127.0.0.1')), 0);
  return {
    endpoint: `${server.baseUrl}/v3`,
    fake,
    providers,
    tokens,
    logLines: log.lines,
    proxy,
    events: core.events,
    rows() {
      recorder.flush();
      return (core.db.prepare('SELECT * FROM usage_records ORDER BY seq').all() as Record<string, unknown>[]).map(toRecord);
    },
    async waitForRows(count: number) {
      for (let i = 0; i < 400; i++) {
        const rows = this.rows();
        if (rows.length >= count) return rows;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      throw new Error(`expected ${count} usage rows, have ${this.rows().length}`);
    },
    async stop() {
      await server.close(100);
      await proxy.close();
      recorder.close();
      await fake.close();
      core.close();
      temp.cleanup();
    },
  };
}

function toRecord(row: Record<string, unknown>): UsageRecord {
  return {
    id: row.id as string,
    at: row.at as string,
    requestId: row.request_id as string,
    projectId: row.project_id as string,
    aiProviderId: row.ai_provider_id as string | null,
    provider: row.provider as string,
    authMethod: row.auth_method as string,
    tokenId: row.token_id as string | null,
    model: row.model as string | null,
    endpoint: row.endpoint as string,
    streamed: row.streamed === 1,
    status: row.status as number,
    outcome: row.outcome as string,
    inputTokens: row.input_tokens as number,
    outputTokens: row.output_tokens as number,
    cacheReadTokens: row.cache_read_tokens as number,
    cacheWriteTokens: row.cache_write_tokens as number,
    costMicroUsd: row.cost_micro_usd as number | null,
    latencyMs: row.latency_ms as number,
    ttfbMs: row.ttfb_ms as number | null,
    labels: JSON.parse(row.labels as string) as Record<string, string>,
  };
}
