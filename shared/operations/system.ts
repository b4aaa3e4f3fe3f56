import { z } from 'zod';
import { defineOperation } from './define';

export const VaultBackend = z.enum(['keychain', 'file', 'memory', 'team']);
export type VaultBackend = z.infer<typeof VaultBackend>;

/** The embedded proxy's live state, for the tray and the status bar. */
export const ProxyStatus = z.object({
  state: z.enum(['running', 'paused', 'stopped']),
  /** Requests over the last minute (sliding). */
  requestsPerMinute: z.number().int().min(0),
  inFlight: z.number().int().min(0),
});
export type ProxyStatus = z.infer<typeof ProxyStatus>;

/** Usage rows not yet written, lost to a full queue, or refused by the database: never silent. */
export const UsageRecordingStatus = z.object({
  pendingRows: z.number().int().min(0),
  /** Rows dropped because the queue was full while the database could not write. */
  droppedRows: z.number().int().min(0),
  /** Rows the database refused, set aside in the usage_quarantine table. */
  quarantinedRows: z.number().int().min(0),
});
export type UsageRecordingStatus = z.infer<typeof UsageRecordingStatus>;

export const SystemStatus = z.object({
  version: z.string(),
  /** `desktop` inside Electron, `headless` for `switchboard serve`. */
  mode: z.enum(['desktop', 'headless']),
  dataDir: z.string(),
  /** The agent endpoint pipelines use, e.g. `http://127.0.0.1:8787/v3`; null while stopped. */
  agentEndpoint: z.string().nullable(),
  apiBaseUrl: z.string().nullable(),
  vault: z.object({
    backend: VaultBackend,
    /** The backend with where its key lives: `keychain`, `file (key file at …)`, `file (SWITCHBOARD_MASTER_KEY)`. */
    description: z.string(),
    /** Set when the vault is a fallback an admin should know about. */
    warning: z.string().nullable(),
  }),
  startedAt: z.string(),
  proxy: ProxyStatus,
  usageRecording: UsageRecordingStatus,
  /** The model price table costs are computed from: its date and where the prices come from. */
  priceTable: z.object({ asOf: z.string(), source: z.string() }),
});
export type SystemStatus = z.infer<typeof SystemStatus>;

export const systemOperations = {
  getSystemStatus: defineOperation({
    summary: 'Version, data directory, agent endpoint and vault backend of this Switchboard.',
    input: z.object({}),
    output: SystemStatus,
    permission: 'system:GetSystemStatus',
    http: { method: 'GET', path: '/system/status' },
  }),
};
