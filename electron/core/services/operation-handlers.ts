import type { OperationHandlers } from '../operations/invoke-operation';
import type { AiProviderTestsService } from './ai-provider-tests-service';
import type { AiProvidersService } from './ai-providers-service';
import type { AuditService } from './audit-service';
import type { BudgetsService } from './budgets-service';
import type { PricesService } from './prices-service';
import type { GatewaysService } from './gateways-service';
import type { GatewaySettingsService } from './gateway-settings-service';
import type { TelemetrySettingsService } from './telemetry-settings-service';
import type { RequestBodiesService } from './request-bodies-service';
import type { ProjectsService } from './projects-service';
import type { RoutesService } from './routes-service';
import type { RequestsService } from './requests-service';
import type { UsageRetentionService } from './usage-retention-service';
import type { SecretsService } from './secrets-service';
import type { SystemService } from './system-service';
import type { TokensService } from './tokens-service';
import type { UsageService } from './usage-service';
import type { VaultService } from './vault-service';

export interface HandledServices {
  system: SystemService;
  projects: ProjectsService;
  aiProviders: AiProvidersService;
  secrets: SecretsService;
  tokens: TokensService;
  audit: AuditService;
  usage: UsageService;
  budgets: BudgetsService;
  prices: PricesService;
  gateways: GatewaysService;
  routes: RoutesService;
  requests: RequestsService;
  retention: UsageRetentionService;
  /** Live provider checks and each provider's last result. */
  aiProviderTests: AiProviderTestsService;
  gatewaySettings: GatewaySettingsService;
  telemetrySettings: TelemetrySettingsService;
  requestBodies: RequestBodiesService;
  vault: VaultService;
}

/** Binds each operation of the contract to the service method that does the work. */
export function createOperationHandlers(services: HandledServices): OperationHandlers {
  const {
    system,
    projects,
    aiProviders,
    secrets,
    tokens,
    audit,
    usage,
    budgets,
    prices,
    gateways,
    routes,
    requests,
    retention,
    aiProviderTests,
    gatewaySettings,
    telemetrySettings,
    requestBodies,
    vault,
  } = services;
  return {
    getSystemStatus: async () => ({ ...system.getStatus(), nearestBudget: await budgets.nearest() }),
    getGatewaySettings: () => gatewaySettings.get(),
    updateGatewaySettings: (input) => gatewaySettings.update(input),
    getTelemetrySettings: () => telemetrySettings.get(),
    updateTelemetrySettings: (input, { actor }) => telemetrySettings.update(actor, input),
    getBodyCapture: (input, { actor }) => requestBodies.get(actor, input.projectId),
    updateBodyCapture: (input, { actor }) => requestBodies.update(actor, input),
    getRequestBodies: (input, { actor }) => requestBodies.read(actor, input.requestId),
    getVault: () => vault.state(),
    moveVault: (input, { actor }) => vault.move(actor, input.to),

    listProjects: (input, { actor }) => projects.list(actor, input),
    getProject: (input, { actor }) => projects.get(actor, input.projectId),
    createProject: (input, { actor }) => projects.create(actor, input),
    updateProject: (input, { actor }) => projects.update(actor, input),
    deleteProject: (input, { actor }) => projects.delete(actor, input),

    listAiProviders: (input, { actor }) => aiProviders.list(actor, input),
    getAiProvider: (input, { actor }) => aiProviders.get(actor, input.aiProviderId),
    createAiProvider: (input, { actor }) => aiProviders.create(actor, input),
    updateAiProvider: (input, { actor }) => aiProviders.update(actor, input),
    deleteAiProvider: (input, { actor }) => aiProviders.delete(actor, input),
    testAiProvider: (input, { actor }) => aiProviderTests.run(actor, input.aiProviderId),
    listAiProviderTests: (input, { actor }) => aiProviderTests.list(actor, input),

    listSecrets: (input, { actor }) => secrets.list(actor, input),
    getSecret: (input, { actor }) => secrets.get(actor, input.secretId),
    createSecret: (input, { actor }) => secrets.create(actor, input),
    rotateSecret: (input, { actor }) => secrets.rotate(actor, input),
    deleteSecret: (input, { actor }) => secrets.delete(actor, input),

    listTokens: (input, { actor }) => tokens.list(actor, input),
    getToken: (input, { actor }) => tokens.get(actor, input.tokenId),
    createToken: (input, { actor }) => tokens.create(actor, input),
    updateToken: (input, { actor }) => tokens.update(actor, input),
    revokeToken: (input, { actor }) => tokens.revoke(actor, input),

    listAuditEvents: (input, { actor }) => audit.list(actor, input),
    getAuditEvent: (input, { actor }) => audit.get(actor, input.auditEventId),

    getUsageSummary: (input, { actor }) => usage.summary(input, actor),
    getUsageTimeSeries: (input, { actor }) => usage.timeSeries(input, actor),
    exportUsage: (input, { actor }) => usage.export(input, actor),

    listBudgets: (input, { actor }) => budgets.list(actor, input),
    getBudget: (input, { actor }) => budgets.get(actor, input.budgetId),
    createBudget: (input, { actor }) => budgets.create(actor, input),
    updateBudget: (input, { actor }) => budgets.update(actor, input),
    deleteBudget: (input, { actor }) => budgets.delete(actor, input),
    listTokenSpend: (input, { actor }) => budgets.tokenSpend(actor, input),
    getBudgetWebhook: (input, { actor }) => budgets.getWebhook(actor, input),
    setBudgetWebhook: (input, { actor }) => budgets.setWebhook(actor, input),
    deleteBudgetWebhook: (input, { actor }) => budgets.deleteWebhook(actor, input),

    listCustomPrices: (input, { actor }) => prices.list(actor, input),
    setCustomPrice: (input, { actor }) => prices.set(actor, input),
    deleteCustomPrice: (input, { actor }) => prices.delete(actor, input),
    importPriceTable: (input, { actor }) => prices.importTable(actor, input),
    listGateways: () => gateways.list(),

    listRoutes: (input, { actor }) => routes.list(actor, input),
    getRoute: (input, { actor }) => routes.get(actor, input.routeId),
    createRoute: (input, { actor }) => routes.create(actor, input),
    updateRoute: (input, { actor }) => routes.update(actor, input),
    deleteRoute: (input, { actor }) => routes.delete(actor, input),

    listRequests: (input, { actor }) => requests.list(input, actor),
    getUsageRetention: () => retention.get(),
    updateUsageRetention: (input, { actor }) => retention.update(actor, input.rawRowsDays),
  };
}
