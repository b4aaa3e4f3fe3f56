import { z } from 'zod';

/** Public ids carry a type prefix and a random, never sequential, body. */
export const idPrefixes = {
  project: 'prj_',
  aiProvider: 'aip_',
  secret: 'sec_',
  token: 'tok_',
  auditEvent: 'aud_',
  usageRecord: 'use_',
  budget: 'bud_',
  gateway: 'gw_',
  route: 'rte_',
} as const;
export type IdKind = keyof typeof idPrefixes;

const idBody = /^[0-9A-Za-z]{16,32}$/;

export function idSchema(kind: IdKind) {
  const prefix = idPrefixes[kind];
  return z
    .string()
    .max(64)
    .refine((value) => value.startsWith(prefix) && idBody.test(value.slice(prefix.length)), {
      message: `must be an id starting with ${prefix}`,
    });
}

export const ProjectId = idSchema('project');
export const AiProviderId = idSchema('aiProvider');
export const SecretId = idSchema('secret');
export const TokenId = idSchema('token');
export const BudgetId = idSchema('budget');
export const RouteId = idSchema('route');
export const GatewayId = idSchema('gateway');
