import type { AiProvider } from '../../shared/operations/ai-providers';
import type { Token, TokenLimits } from '../../shared/operations/tokens';
import type { UsageRecord } from '../../shared/operations/usage';
import type { ProviderSlug } from '../../shared/slugs';
import { createRestTokenAuthenticator } from '../../electron/core/api/rest-token-auth';
import { bootCore } from '../../electron/core/boot';
import { startLocalServer, type LocalServer } from '../../electron/core/gateway/local-server';
import { createMemoryLogger, type LogFormat } from '../../electron/core/log';
import { adminSessionActor } from '../../electron/core/operations/actor';
import type { ClientTimeouts } from '../../electron/core/http/client-timeouts';
import type { ProxyOptions } from '../../electron/core/proxy/proxy-deps';
import type { RetentionOptions } from '../../electron/core/services/usage-retention-service';
import { createMemoryVault } from '../../electron/core/secrets/memory-vault';
import type { Core } from '../../electron/core/boot';
import type { Clock } from '../../electron/core/clock';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream/fake-upstream';
import { peekStore, type StorePeek } from './store-peek';
import { makeTempDir } from './temp-dir';
import { testStoreLocation } from './test-store';

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
}

export interface ProxyHarness {
  /** The agent endpoint, `http://127.0.0.1:<port>/v3`. */
  endpoint: string;
  fake: FakeUpstream;
  core: Core;
  server: LocalServer;
  providers: AiProvider[];
  tokens: { value: string; token: Token }[];
  logLines: string[];
  /** Every usage row, after flushing the recorder, read as another process would on PostgreSQL. */
  rows(): Promise<UsageRecord[]>;
  /** Waits (bounded) until at least `count` rows exist. */
  waitForRows(count: number): Promise<UsageRecord[]>;
  /**
   * The row of one request, found by the `x-request-id` the proxy answered with, once it is written
   * (a row lands just after the response ends): never another test's or request's row.
   */
  rowOf(answer: Response | string): Promise<UsageRecord>;
  /** Another process's connection to the store (the CLI's, another gateway's). */
  peek(): Promise<StorePeek>;
  stop(): Promise<void>;
}

/** A canary key: it must never show up in a response, a log line or a usage row. */
export const canaryKey = (slug: string) => `sk-canary-${slug}-${'Z'.repeat(24)}`;

/** The error object of a JSON error answer. */
export async function errorOf(response: Response): Promise<{ code: string; message: string; details?: unknown }> {
  return ((await response.json()) as { error: { code: string; message: string; details?: unknown } }).error;
}

/**
 * The real core (SQLite file, services, recorder) and the real local server on 127.0.0.1, in front
 * of the fake upstream. Secrets, providers and job tokens are created through the operations, as
 * an admin would.
 */
export async function startProxyHarness(spec: {
  providers: ProviderSpec[];
  tokens?: TokenSpec[];
  options?: ProxyOptions;
  clientTimeouts?: Partial<ClientTimeouts>;
  /** The core's clock (budget periods, reservation expiry, route breakers, pooled keys); the system clock by default. */
  clock?: Clock;
  /** An existing data directory (a restart); a fresh temporary one by default. */
  dataDir?: string;
  webhookRetryDelaysMs?: readonly number[];
  retention?: RetentionOptions;
  /** The environment OTEL_* variables are read from; none by default, so a developer's own settings never leak in. */
  env?: Record<string, string | undefined>;
  /** `json`: log lines as SWITCHBOARD_LOG_FORMAT=json writes them. */
  logFormat?: LogFormat;
}): Promise<ProxyHarness> {
  const temp = makeTempDir();
  const log = createMemoryLogger('debug', spec.logFormat);
  const location = await testStoreLocation();
  const core = await bootCore({
    databaseUrl: location.databaseUrl,
    dataDir: spec.dataDir ?? temp.dir,
    clock: spec.clock,
    webhookRetryDelaysMs: spec.webhookRetryDelaysMs,
    mode: 'headless',
    log,
    vault: createMemoryVault(),
    proxy: { lookupCacheMs: 0, ...spec.options },
    retention: spec.retention,
    env: spec.env ?? {},
  });
  // API tokens are taken as \`switchboard serve\` takes them (REST, MCP, /metrics).
  const server = await startLocalServer(core, {
    port: 0,
    uiDir: temp.dir,
    clientTimeouts: spec.clientTimeouts,
    authenticateToken: createRestTokenAuthenticator(core.tokens),
  });
  const fake = await startFakeUpstream();
  const admin = adminSessionActor;
  const providers: AiProvider[] = [];
  for (const p of spec.providers) {
    const secret = p.secret === undefined ? canaryKey(p.slug) : p.secret;
    const name = p.name ?? `${p.slug} test`;
    const secretId =
      secret === null ? null : ((await core.invoke('createSecret', { name: `${name} key`, value: secret }, admin)) as { id: string }).id;
    const baseUrl = p.baseUrl === undefined ? fake.url : typeof p.baseUrl === 'function' ? p.baseUrl(fake.url) : p.baseUrl;
    const input = {
      name,
      provider: p.slug,
      defaultModel: p.defaultModel ?? 'default-model',
      baseUrl,
      config: p.config ?? null,
      secretId,
      authMethod: p.authMethod ?? 'byo',
    };
    providers.push((await core.invoke('createAiProvider', input, admin)) as AiProvider);
  }
  const tokens: { value: string; token: Token }[] = [];
  for (const [i, t] of (spec.tokens ?? [{}]).entries()) {
    const input = {
      name: t.name ?? `job ${i}`,
      kind: 'job',
      allowedProviders: t.allowedProviders ?? [],
      labels: t.labels ?? {},
      limits: { requestsPerMinute: null, inputTokensPerMinute: null, spendCapUsd: null, ...t.limits },
    };
    const created = (await core.invoke('createToken', input, admin)) as { value: string; token: Token };
    tokens.push({ value: created.value, token: created.token });
  }
  // On PostgreSQL rows are read as another process would, after the recorder's write lands.
  // One connection however many callers ask at once (200 concurrent requests each waiting for their row).
  let peek: Promise<StorePeek> | null = null;
  const openPeek = () => (peek ??= peekStore({ dataDir: temp.dir, databaseUrl: location.databaseUrl, core }));
  const readRows = async () => {
    await core.usageRecorder.flush();
    if (location.databaseUrl === null)
      return (core.db.prepare('SELECT * FROM usage_records ORDER BY seq').all() as Record<string, unknown>[]).map(toRecord);
    return (await (await openPeek()).all('SELECT * FROM usage_records ORDER BY seq')).map(toRecord);
  };
  return {
    endpoint: server.agentEndpoint,
    fake,
    core,
    server,
    providers,
    tokens,
    logLines: log.lines,
    rows: readRows,
    async waitForRows(count) {
      for (let i = 0; i < 400; i++) {
        const current = await readRows();
        if (current.length >= count) return current;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      throw new Error(`expected ${count} usage rows, have ${(await readRows()).length}`);
    },
    async rowOf(answer) {
      const requestId = typeof answer === 'string' ? answer : answer.headers.get('x-request-id');
      if (!requestId) throw new Error('the answer has no x-request-id');
      for (let i = 0; i < 400; i++) {
        const row = (await readRows()).find((r) => r.requestId === requestId);
        if (row) return row;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      throw new Error(`no usage row for request ${requestId}`);
    },
    peek: openPeek,
    async stop() {
      await server.close(100);
      await fake.close();
      await (await peek)?.close();
      await core.close();
      await location.drop();
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
    streamed: row.streamed === 1 || row.streamed === true,
    status: row.status as number,
    outcome: row.outcome as string,
    inputTokens: row.input_tokens as number,
    outputTokens: row.output_tokens as number,
    cacheReadTokens: row.cache_read_tokens as number,
    cacheWriteTokens: row.cache_write_tokens as number,
    costMicroUsd: row.cost_micro_usd as number | null,
    usageUnknown: row.usage_unknown === 1 || row.usage_unknown === true,
    latencyMs: row.latency_ms as number,
    ttfbMs: row.ttfb_ms as number | null,
    labels: (typeof row.labels === 'string' ? JSON.parse(row.labels) : row.labels) as Record<string, string>,
    routeId: (row.route_id ?? null) as string | null,
    attempts: Number(row.attempts),
    attemptLog: (typeof row.attempt_log === 'string'
      ? JSON.parse(row.attempt_log)
      : (row.attempt_log ?? null)) as UsageRecord['attemptLog'],
    route: (row.route ?? row.ai_provider_id ?? row.provider) as string,
    overheadMs: row.overhead_ms as number | null,
    errorMessage: row.error_message as string | null,
    gatewayId: row.gateway_id as string | null,
  };
}
