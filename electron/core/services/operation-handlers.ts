import type { OperationHandlers } from '../operations/invoke-operation';
import type { SystemService } from './system-service';
import type { UsageService } from './usage-service';

/** Binds each operation of the contract to the service method that does the work. */
export function createOperationHandlers(services: { system: SystemService; usage: UsageService }): OperationHandlers {
  return {
    getSystemStatus: () => services.system.getStatus(),
    getUsageSummary: (input, { actor }) => services.usage.summary(input, actor),
    getUsageTimeSeries: (input, { actor }) => services.usage.timeSeries(input, actor),
    exportUsage: (input, { actor }) => services.usage.export(input, actor),
  };
}
