import type { Clock } from '../clock';
import type { Db } from '../db/database';
import { createEventBus } from '../events';
import type { Logger } from '../log';
import { createOperationInvoker } from '../operations/invoke-operation';
import type { RuntimeInfo } from '../runtime-info';
import type { SecretVault } from '../secrets/secret-vault';
import { createOperationHandlers } from './operation-handlers';
import { createSystemService } from './system-service';
import { createUsageService } from './usage-service';

export interface ServiceDeps {
  db: Db;
  vault: SecretVault;
  clock: Clock;
  log: Logger;
  runtime: RuntimeInfo;
}

/** The one service layer. IPC, REST, MCP and the CLI are thin adapters over `invoke`. */
export function createServices(deps: ServiceDeps) {
  const events = createEventBus((error) => deps.log.error('event listener failed', { message: (error as Error).message }));
  const system = createSystemService(deps);
  const usage = createUsageService(deps);
  const invoke = createOperationInvoker(createOperationHandlers({ system, usage }));
  return { ...deps, events, system, usage, invoke };
}
export type Services = ReturnType<typeof createServices>;
