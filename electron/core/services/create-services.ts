import { isoNow, type Clock } from '../clock';
import { createSqliteUsageRows } from '../db/sqlite/usage-rows';
import type { Db } from '../db/database';
import { createEventBus } from '../events';
import type { Logger } from '../log';
import { createOperationInvoker } from '../operations/invoke-operation';
import type { RuntimeInfo } from '../runtime-info';
import type { SecretVault } from '../secrets/secret-vault';
import { createAiProvidersService } from './ai-providers-service';
import { createAuditService } from './audit-service';
import type { AuthThrottleOptions } from './auth-throttle';
import { createOperationHandlers } from './operation-handlers';
import { createProjectsService } from './projects-service';
import { createSecretsService } from './secrets-service';
import { createSystemService } from './system-service';
import { createTokensService } from './tokens-service';
import { createProxy } from '../proxy/proxy-handler';
import type { ProxyOptions } from '../proxy/proxy-deps';
import { proxyStoreDeps } from '../proxy/proxy-services';
import { createPriceTable } from '../usage/price-table';
import { createUsageRecorder } from '../usage/usage-recorder';
import { createUsageService } from './usage-service';

export interface ServiceDeps {
  db: Db;
  vault: SecretVault;
  clock: Clock;
  log: Logger;
  runtime: RuntimeInfo;
  /** Failed-authentication throttle settings (tests shorten them). */
  authThrottle?: AuthThrottleOptions;
  /** Proxy timeouts, body limit and caches (tests shorten them). */
  proxy?: ProxyOptions;
}

/** The one service layer. IPC, REST, MCP and the CLI are thin adapters over `invoke`. */
export function createServices(deps: ServiceDeps) {
  const events = createEventBus((error) => deps.log.error('event listener failed', { message: (error as Error).message }));
  const prices = createPriceTable();
  const system = createSystemService({ ...deps, prices, proxyStats: () => proxy.stats(), usageRecording: () => usageRecorder.stats() });
  const audit = createAuditService(deps);
  const projects = createProjectsService({ ...deps, audit });
  const secrets = createSecretsService({ ...deps, audit, projects, events });
  const aiProviders = createAiProvidersService({ ...deps, audit, projects, secrets, events });
  const tokens = createTokensService({ ...deps, audit, projects, events });
  const usageRecorder = createUsageRecorder({ rows: createSqliteUsageRows(deps.db, () => isoNow(deps.clock)), log: deps.log });
  const proxy = createProxy({ ...deps, events, recorder: usageRecorder, prices, ...proxyStoreDeps({ db: deps.db, tokens, aiProviders, secrets }) }, deps.proxy);
  const usage = createUsageService(deps);
  const invoke = createOperationInvoker(createOperationHandlers({ system, projects, aiProviders, secrets, tokens, audit, usage, testProvider: proxy.testProvider }));
  return {
    ...deps,
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
    /** Stops timers and writes what is pending; call before closing the database. */
    dispose(): void {
      tokens.dispose();
      usageRecorder.close();
      void proxy.close();
    },
  };
}
export type Services = ReturnType<typeof createServices>;
