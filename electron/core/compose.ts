import type { Clock } from './clock';
import type { Store } from './db/store';
import { createEventBus } from './events';
import type { Logger } from './log';
import { createOperationInvoker } from './operations/invoke-operation';
import type { ProxyOptions } from './proxy/proxy-deps';
import { createProxy } from './proxy/proxy-handler';
import type { RuntimeInfo } from './runtime-info';
import type { SecretVault } from './secrets/secret-vault';
import { createAiProvidersService } from './services/ai-providers-service';
import { createAuditService } from './services/audit-service';
import type { AuthThrottleOptions } from './services/auth-throttle';
import { createOperationHandlers } from './services/operation-handlers';
import { createAiProviderTestsService } from './services/ai-provider-tests-service';
import { createGatewaySettingsService } from './services/gateway-settings-service';
import { rememberedPort, rememberPort } from './config/remembered-port';
import { createProjectsService } from './services/projects-service';
import { createSecretsService } from './services/secrets-service';
import { createSystemService } from './services/system-service';
import { createTokensService } from './services/tokens-service';
import { createUsageService } from './services/usage-service';
import { createPriceTable } from './usage/price-table';
import { createSpendPreload } from './usage/spend-preload';
import { createUsageRecorder } from './usage/usage-recorder';

export interface ComposeDeps {
  store: Store;
  vault: SecretVault;
  clock: Clock;
  log: Logger;
  runtime: RuntimeInfo;
  /** Failed-authentication throttle settings (tests shorten them). */
  authThrottle?: AuthThrottleOptions;
  /** Proxy timeouts, body limit and caches (tests shorten them). */
  proxy?: ProxyOptions;
}

/**
 * The one composition root: services over the store, the usage recorder, the proxy over both,
 * and the operation handlers that IPC, REST, MCP and the CLI invoke. Nothing below this file
 * builds another part; each part gets exactly what it needs.
 */
export function composeCore(deps: ComposeDeps) {
  const { store, vault, clock, log, runtime } = deps;
  const events = createEventBus((error) => log.error('event listener failed', { message: (error as Error).message }));
  const prices = createPriceTable();
  const audit = createAuditService({ store, clock });
  const projects = createProjectsService({ store, clock, audit });
  const secrets = createSecretsService({ store, vault, clock, log, audit, projects, events });
  const aiProviders = createAiProvidersService({ store, clock, audit, projects, secrets, events });
  const tokens = createTokensService({ store, clock, log, audit, projects, events, authThrottle: deps.authThrottle });
  const usage = createUsageService({ store, clock, log });
  const usageRecorder = createUsageRecorder({ rows: store.usageRows, log });
  const spend = createSpendPreload(store.usageReports);
  const proxy = createProxy(
    {
      log,
      clock,
      events,
      recorder: usageRecorder,
      prices,
      authenticateJobToken: (value) => spend.ready(tokens.authenticate(value, 'job', 'proxy')),
      resolveProvider: (projectId, ref) => aiProviders.resolveForProxy(projectId, ref),
      readSecret: (secretId) => secrets.readValue(secretId),
      loadSpentMicroUsd: (tokenId) => spend.spentMicroUsd(tokenId),
    },
    deps.proxy,
  );
  const system = createSystemService({
    runtime,
    vault,
    prices: { asOf: prices.asOf, source: prices.source },
    proxyStats: () => proxy.stats(),
    usageRecording: () => usageRecorder.stats(),
  });
  const gatewaySettings = createGatewaySettingsService({
    settings: store.settings,
    runtime,
    log,
    port: { read: () => rememberedPort(store.settings), write: (port) => rememberPort(store.settings, port) },
  });
  void gatewaySettings.applyStoredLogLevel().catch((error: unknown) => log.warn('stored log level unreadable', { message: String(error) }));
  const invoke = createOperationInvoker(
    createOperationHandlers({
      system,
      projects,
      aiProviders,
      secrets,
      tokens,
      audit,
      usage,
      aiProviderTests: createAiProviderTestsService({ store, aiProviders, testProvider: proxy.testProvider }),
      gatewaySettings,
    }),
  );
  return {
    store,
    vault,
    clock,
    log,
    runtime,
    events,
    system,
    audit,
    projects,
    aiProviders,
    secrets,
    tokens,
    usageRecorder,
    proxy,
    usage,
    invoke,
    /** Stops timers and writes what is pending, then closes the store. */
    close(): void {
      tokens.dispose();
      usageRecorder.close();
      void proxy.close();
      store.close();
    },
  };
}
export type Services = ReturnType<typeof composeCore>;
