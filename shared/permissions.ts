import { z } from 'zod';

/**
 * Permissions are `resource:Action` strings, checked identically by REST, MCP and the CLI.
 * The desktop app (IPC) and the headless admin session act as the full administrator.
 * @example "aiProviders:CreateAiProvider"
 */
export const permissions = [
  'system:GetSystemStatus',
  'projects:ListProjects',
  'projects:GetProject',
  'projects:CreateProject',
  'projects:UpdateProject',
  'projects:DeleteProject',
  'aiProviders:ListAiProviders',
  'aiProviders:GetAiProvider',
  'aiProviders:CreateAiProvider',
  'aiProviders:UpdateAiProvider',
  'aiProviders:DeleteAiProvider',
  'aiProviders:TestAiProvider',
  'secrets:ListSecrets',
  'secrets:GetSecret',
  'secrets:CreateSecret',
  'secrets:RotateSecret',
  'secrets:DeleteSecret',
  'tokens:ListTokens',
  'tokens:GetToken',
  'tokens:CreateToken',
  'tokens:UpdateToken',
  'tokens:RevokeToken',
  'auditEvents:ListAuditEvents',
  'auditEvents:GetAuditEvent',
  'usage:GetUsageSummary',
  'usage:GetUsageTimeSeries',
  'usage:ExportUsage',
  'budgets:ListBudgets',
  'budgets:GetBudget',
  'budgets:CreateBudget',
  'budgets:UpdateBudget',
  'budgets:DeleteBudget',
  'prices:ImportPriceTable',
  'gateways:ListGateways',
  'routes:ListRoutes',
  'routes:GetRoute',
  'routes:CreateRoute',
  'routes:UpdateRoute',
  'routes:DeleteRoute',
  'requests:ListRequests',
  'usage:GetUsageRetention',
  'usage:UpdateUsageRetention',
  'system:UpdateSettings',
  'requests:ReadBodies',
  'system:MoveVault',
] as const;

export const Permission = z.enum(permissions);
export type Permission = z.infer<typeof Permission>;
