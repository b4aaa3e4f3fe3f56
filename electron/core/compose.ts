import type { Clock } from './clock';
import { ledgerWhenUnreachable, type CappedWhenUnreachable } from './db/ledger-when-unreachable';
import type { Store } from './db/store';
import { createOutageWindow, type OutageOptions } from './db/store-outage';
import { createEventBus } from './events';
import type { Logger } from './log';
import { createOperationInvoker } from './operations/invoke-operation';
import type { ProxyOptions } from './proxy/proxy-deps';
import { createProxy } from './proxy/proxy-handler';
import type { RuntimeInfo } from './runtime-info';
import type { SecretVault } from './secrets/secret-vault';
import { createVaultService, type VaultMoveSetup } from './services/vault-service';
import { createAiProvidersService } from './services/ai-providers-service';
import { createAuditService } from './services/audit-service';
import { startBudgetAlertDispatch } from './services/budget-alert-dispatch';
import { createBudgetsService } from './services/budgets-service';
import { createGatewaysService, type GatewayHeartbeatOptions } from './services/gateways-service';
import type { AuthThrottleOptions } from './services/auth-throttle';
import { createOperationHandlers } from './services/operation-handlers';
import { createPricesService } from './services/prices-service';
import { createAiProviderTestsService } from './services/ai-provider-tests-service';
import { createGatewaySettingsService } from './services/gateway-settings-service';
import { rememberedPort, rememberPort } from './config/remembered-port';
import { createProjectsService } from './services/projects-service';
import { createReadiness } from './services/readiness';
import { createRoutesService } from './services/routes-service';
import { createRequestsService } from './services/requests-service';
import { createSecretsService } from './services/secrets-service';
import { createSystemService } from './services/system-service';
import { createTokensService } from './services/tokens-service';
import { createUsageService } from './services/usage-service';
import { createUsageRetentionService, type RetentionOptions } from './services/usage-retention-service';
import { createOtelSwitch } from './usage/otel/otel-switch';
import { createTelemetrySettingsService } from './services/telemetry-settings-service';
import { createRequestBodiesService } from './services/request-bodies-service';
import { createBodyKeeper } from './proxy/body-capture';
import { createPriceBook } from './usage/price-book';
import { createRequestLogLine } from './usage/request-log-line';
import { createRequestMetrics } from './usage/request-metrics';
import { combineObservers } from './usage/request-observers';
import { startReservationSweep } from './usage/reservation-sweep';
import { createUsageRecorder, usageFlushMs } from './usage/usage-recorder';

export interface ComposeDeps {
  store: Store;
  vault: SecretVault;
  /** How the vault may be moved between local backends; absent for a team vault or one given by the host. */
  vaultMove?: VaultMoveSetup | null;
  clock: Clock;
  log: Logger;
  runtime: RuntimeInfo;
  /** Failed-authentication throttle settings (tests shorten them). */
  authThrottle?: AuthThrottleOptions;
  /** Proxy timeouts, body limit and caches (tests shorten them). */
  proxy?: ProxyOptions;
  /** The store's kind as the Gateways list shows it (`sqlite` unless said). */
  storeKind?: string;
  /** Heartbeat interval and silence threshold (tests shorten them). */
  gateways?: GatewayHeartbeatOptions;
  /** How a gateway rides out a team database outage: cached configuration for a grace period; capped requests closed or open. */
  outage?: OutageOptions & { cappedWhenUnreachable?: CappedWhenUnreachable };
  /** Waits between budget alert webhook attempts (tests shorten them). */
  webhookRetryDelaysMs?: readonly number[];
  /** How often expired budget reservations are released (1 min unless set). */
  reservationSweepMs?: number;
  /** Pruning of raw usage rows: batch size and schedule (tests shorten them). */
  retention?: RetentionOptions;
  /** The process environment: its OTEL_* variables configure OpenTelemetry export, over Settings. */
  env?: Record<string, string | undefined>;
}

/**
 * The one composition root: services over the store, the usage recorder, the proxy over both,
 * and the operation handlers that IPC, REST, MCP and the CLI invoke. Nothing below this file
 * builds another part; each part gets exactly what it needs.
 */
export function composeCore(deps: ComposeDeps) {
  const { store, vault, clock, log, runtime } = deps;
  const events = createEventBus((error) => log.error('event listener failed', { message: (error as Error).message }));
  const prices = createPriceBook({ customPrices: store.customPrices, settings: store.settings });
  void prices.ready();
  const audit = createAuditService({ store, clock });
  const projects = createProjectsService({ store, clock, audit });
  const secrets = createSecretsService({ store, vault, clock, log, audit, projects, events });
  const aiProviders = createAiProvidersService({ store, clock, audit, projects, secrets, events });
  const outage = createOutageWindow(deps.outage);
  const tokens = createTokensService({ store, clock, log, audit, projects, events, authThrottle: deps.authThrottle, outage });
  const usage = createUsageService({ store, clock, log });
  const budgets = createBudgetsService({ store, clock, audit, projects, events });
  const priceService = createPricesService({ store, clock, audit, aiProviders, book: prices });
  const alertDispatch = startBudgetAlertDispatch({
    events,
    store,
    audit,
    clock,
    log,
    readSecret: (secretId) => secrets.readValue(secretId),
    retryDelaysMs: deps.webhookRetryDelaysMs,
  });
  const routes = createRoutesService({ store, clock, audit, projects, events });
  const requests = createRequestsService({ store, clock });
  const retention = createUsageRetentionService({ store, clock, log, audit }, deps.retention);
  const usageRecorder = createUsageRecorder({ rows: store.usageRows, log, flushMs: usageFlushMs(deps.storeKind) });
  // The SDK is loaded only once Settings or the OTEL_* variables ask for an export: most runs never pay for it.
  const otel = createOtelSwitch({
    env: deps.env ?? {},
    log,
    version: runtime.version,
    load: async () => (await import('./usage/otel/otel-export')).createOtelExport,
  });
  const metrics = createRequestMetrics({
    inFlight: () => proxy.stats().inFlight,
    recording: () => usageRecorder.stats(),
    otel: () => otel.stats(),
  });
  const observers = [metrics.observe, createRequestLogLine(log), otel.observe];
  const requestBodies = createRequestBodiesService({ store, audit, projects, log });
  const bodyKeeper = createBodyKeeper({ append: (rows) => store.requestBodies.append(rows), log });
  const proxy = createProxy(
    {
      log,
      clock,
      events,
      recorder: usageRecorder,
      // Read per row: the id is known once the local server starts heartbeating.
      gatewayId: () => gateways.selfId(),
      observe: combineObservers(observers, log),
      prices,
      authenticateJobToken: (value) => tokens.authenticate(value, 'job', 'proxy'),
      resolveProvider: (projectId, ref) => aiProviders.resolveForProxy(projectId, ref),
      readSecret: (secretId) => secrets.readValue(secretId),
      budgetLedger: ledgerWhenUnreachable(store.budgetLedger, { outage, mode: deps.outage?.cappedWhenUnreachable ?? 'closed', log }),
      budgetsOf: (projectId) => store.budgets.ofProject(projectId),
      onStoreChange: (listener) => store.changes.onExternalChange(listener),
      outage,
      findRoute: (projectId, name) => routes.findForProxy(projectId, name),
      bodies: { daysFor: requestBodies.daysFor, keeper: bodyKeeper },
    },
    deps.proxy,
  );
  const reservationSweep = startReservationSweep({ ledger: store.budgetLedger, clock, log, everyMs: deps.reservationSweepMs });
  const system = createSystemService({
    runtime,
    vault,
    prices: () => prices.edition(),
    proxyStats: () => proxy.stats(),
    upstreamHealth: () => proxy.health(),
    usageRecording: () => usageRecorder.stats(),
  });
  const readiness = createReadiness({ store, proxyStats: () => proxy.stats() });
  const gateways = createGatewaysService({
    store,
    clock,
    log,
    runtime,
    storeKind: deps.storeKind ?? 'sqlite',
    requestsPerMinute: () => proxy.stats().requestsPerMinute,
    options: deps.gateways,
  });
  const gatewaySettings = createGatewaySettingsService({
    settings: store.settings,
    runtime,
    log,
    port: { read: () => rememberedPort(store.settings), write: (port) => rememberPort(store.settings, port) },
  });
  const telemetrySettings = createTelemetrySettingsService({ store, vault, audit, log, exporter: otel });
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
      budgets,
      prices: priceService,
      gateways,
      routes,
      requests,
      retention,
      aiProviderTests: createAiProviderTestsService({ store, aiProviders, testProvider: proxy.testProvider }),
      gatewaySettings,
      telemetrySettings,
      requestBodies,
      vault: createVaultService({ store, vault, audit, movable: deps.vaultMove ?? null }),
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
    readiness,
    gateways,
    audit,
    projects,
    aiProviders,
    secrets,
    tokens,
    usageRecorder,
    reservationSweep,
    proxy,
    usage,
    budgets,
    routes,
    retention,
    metrics,
    otel,
    telemetrySettings,
    requestBodies,
    bodyKeeper,
    invoke,
    /** Stops timers and writes what is pending, then closes the store. */
    close(): void {
      tokens.dispose();
      reservationSweep.stop();
      alertDispatch.stop();
      void retention.stop();
      void otel.shutdown();
      requestBodies.stop();
      void bodyKeeper.flush();
      usageRecorder.close();
      void proxy.close();
      store.close();
    },
  };
}
export type Services = ReturnType<typeof composeCore>;
