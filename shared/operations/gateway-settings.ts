import { z } from 'zod';
import { defineOperation } from './define';

export const LogLevel = z.enum(['debug', 'info', 'warn', 'error']);

/** What an admin can change about this gateway, and what it takes effect on. */
export const GatewaySettings = z.object({
  /** The port the next start listens on (unless `--port` is given); null: 8787, or a free one. */
  port: z.number().int().nullable(),
  /** The port in use now; a changed `port` applies on restart. */
  listeningPort: z.number().int().nullable(),
  /** The agent endpoint pipelines will use after a restart on `port`. */
  agentEndpointAfterRestart: z.string().nullable(),
  /** Applied at once, and again at every start. */
  logLevel: LogLevel,
  dataDir: z.string(),
  /** Everything in the data directory: database, vault file, key file. */
  dataDirBytes: z.number().int().min(0),
});
export type GatewaySettings = z.infer<typeof GatewaySettings>;

export const gatewaySettingsOperations = {
  getGatewaySettings: defineOperation({
    summary: "This gateway's port (for the next start), log level and data directory with its size.",
    input: z.strictObject({}),
    output: GatewaySettings,
    permission: 'system:GetSystemStatus',
    http: { method: 'GET', path: '/system/settings' },
  }),
  /**
   * @example PATCH /api/v1/system/settings { "port": 9000, "logLevel": "debug" } → the settings, port applied on restart
   */
  updateGatewaySettings: defineOperation({
    summary: 'Change the port (applied on restart) or the log level (applied at once).',
    input: z.strictObject({
      port: z.number().int().min(1024, 'must be 1024 or above').max(65535, 'must be at most 65535').optional(),
      logLevel: LogLevel.optional(),
    }),
    output: GatewaySettings,
    permission: 'system:UpdateSettings',
    http: { method: 'PATCH', path: '/system/settings' },
  }),
};
