import type { OperationHandlers } from '../operations/invoke-operation';
import type { SystemService } from './system-service';

/** Binds each operation of the contract to the service method that does the work. */
export function createOperationHandlers(services: { system: SystemService }): OperationHandlers {
  return {
    getSystemStatus: () => services.system.getStatus(),
  };
}
