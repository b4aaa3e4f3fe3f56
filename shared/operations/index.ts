import type { z } from 'zod';
import { aiProviderOperations } from './ai-providers';
import { aiProviderTestOperations } from './ai-provider-tests';
import { gatewaySettingsOperations } from './gateway-settings';
import { auditEventOperations } from './audit-events';
import { budgetOperations } from './budgets';
import { priceOperations } from './prices';
import { gatewayOperations } from './gateways';
import { projectOperations } from './projects';
import { requestOperations } from './requests';
import { retentionOperations } from './retention';
import { secretOperations } from './secrets';
import { systemOperations } from './system';
import { usageOperations } from './usage';
import { tokenOperations } from './tokens';
import { routeOperations } from './routes';
import { telemetrySettingsOperations } from './telemetry-settings';
import { requestBodyOperations } from './request-bodies';
import { vaultOperations } from './vault';

/** Every operation Switchboard offers, by name. Add a resource's table here. */
export const operations = {
  ...systemOperations,
  ...usageOperations,
  ...projectOperations,
  ...aiProviderOperations,
  ...secretOperations,
  ...tokenOperations,
  ...auditEventOperations,
  ...budgetOperations,
  ...priceOperations,
  ...gatewayOperations,
  ...routeOperations,
  ...requestOperations,
  ...retentionOperations,
  ...aiProviderTestOperations,
  ...gatewaySettingsOperations,
  ...telemetrySettingsOperations,
  ...requestBodyOperations,
  ...vaultOperations,
};

export type Operations = typeof operations;
export type OperationName = keyof Operations;
export type OperationInput<N extends OperationName> = z.input<Operations[N]['input']>;
export type OperationParsedInput<N extends OperationName> = z.output<Operations[N]['input']>;
export type OperationOutput<N extends OperationName> = z.output<Operations[N]['output']>;

export const operationNames = Object.keys(operations) as OperationName[];

export function isOperationName(name: unknown): name is OperationName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(operations, name);
}

export * from './define';
export * from './ai-providers';
export * from './ai-provider-tests';
export * from './gateway-settings';
export * from './audit-events';
export * from './budgets';
export * from './prices';
export * from './common';
export * from './gateways';
export * from './projects';
export * from './requests';
export * from './retention';
export * from './secrets';
export * from './system';
export * from './tokens';
export * from './usage';
export * from './routes';
export * from './telemetry-settings';
export * from './request-bodies';
export * from './vault';
