import type { OperationParsedInput, TelemetrySettings } from '../../../shared/operations';
import type { Store } from '../db/store';
import type { Logger } from '../log';
import type { Actor } from '../operations/actor';
import type { SecretVault } from '../secrets/secret-vault';
import type { AuditService } from './audit-service';

const keys = {
  enabled: 'otel.enabled',
  endpoint: 'otel.endpoint',
  serviceName: 'otel.serviceName',
  headerNames: 'otel.headerNames',
} as const;
/** The headers' values, as one JSON object in the vault: they often carry a vendor's API key. */
const headersVaultId = 'switchboard.otel.exporter.headers';
const defaultServiceName = 'switchboard';

/** What turns settings into an export: the OpenTelemetry switch, as the composition root gives it. */
export interface TelemetryExporter {
  /** Exports as these `OTEL_*` variables say (the environment's own win); resolves once in effect. */
  apply(settings: Record<string, string>): Promise<void>;
  overriddenBy(): string[];
  exporting(): boolean;
}

/** `OTEL_EXPORTER_OTLP_HEADERS` form: `name=value` pairs, comma-separated, URL-encoded. */
const headerList = (headers: Record<string, string>) =>
  Object.entries(headers)
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .join(',');

/**
 * OpenTelemetry export as an admin sets it in Settings, applied at once. Header values go to the
 * vault and never come back out of it except to the exporter: responses, logs and the audit trail
 * name the headers only.
 */
export function createTelemetrySettingsService(deps: {
  store: Store;
  vault: SecretVault;
  audit: AuditService;
  log: Logger;
  exporter: TelemetryExporter;
}) {
  const { store, vault, exporter } = deps;
  const settings = store.settings;

  async function headerNames(): Promise<string[]> {
    try {
      const names: unknown = JSON.parse((await settings.get(keys.headerNames)) ?? '[]');
      return Array.isArray(names) ? names.filter((name): name is string => typeof name === 'string') : [];
    } catch {
      return [];
    }
  }

  /** The headers with their values, from the vault (only read when some are set). */
  async function storedHeaders(anySet: boolean): Promise<Record<string, string>> {
    if (!anySet) return {};
    const stored: unknown = JSON.parse((await vault.get(headersVaultId)) ?? '{}');
    return stored && typeof stored === 'object' ? { ...(stored as Record<string, string>) } : {};
  }

  async function get(): Promise<TelemetrySettings> {
    const [enabled, endpoint, serviceName, names] = await Promise.all([
      settings.get(keys.enabled),
      settings.get(keys.endpoint),
      settings.get(keys.serviceName),
      headerNames(),
    ]);
    return {
      enabled: enabled === 'true',
      endpoint: endpoint || null,
      protocol: 'http/json',
      serviceName: serviceName || defaultServiceName,
      headers: names.map((name) => ({ name, set: true as const })),
      overriddenBy: exporter.overriddenBy(),
      exporting: exporter.exporting(),
    };
  }

  /** The settings as the OTEL_* variables they stand for; none when export is off. */
  async function asVariables(current: TelemetrySettings): Promise<Record<string, string>> {
    if (!current.enabled || !current.endpoint) return {};
    const variables: Record<string, string> = {
      OTEL_EXPORTER_OTLP_ENDPOINT: current.endpoint,
      OTEL_EXPORTER_OTLP_PROTOCOL: current.protocol,
      OTEL_SERVICE_NAME: current.serviceName,
    };
    if (current.headers.length > 0) {
      try {
        variables.OTEL_EXPORTER_OTLP_HEADERS = headerList(await storedHeaders(true));
      } catch (error) {
        // A locked keychain: export without the headers (the collector may refuse) rather than not at all.
        deps.log.warn('OpenTelemetry export headers could not be read from the vault', { message: (error as Error).message.slice(0, 200) });
      }
    }
    return variables;
  }

  async function applyStored(): Promise<void> {
    await exporter.apply(await asVariables(await get()));
  }

  return {
    get,
    applyStored,
    async update(actor: Actor, input: OperationParsedInput<'updateTelemetrySettings'>): Promise<TelemetrySettings> {
      const changed: string[] = [];
      if (input.headers !== undefined && input.headers.length > 0) {
        const headers = await storedHeaders((await get()).headers.length > 0);
        for (const { name, value } of input.headers) {
          // Header names are case-insensitive: a new spelling replaces the old one.
          for (const known of Object.keys(headers)) if (known.toLowerCase() === name.toLowerCase()) delete headers[known];
          if (value !== null) headers[name] = value;
        }
        // The vault first: a vault that cannot be written leaves the settings as they were.
        if (Object.keys(headers).length > 0) await vault.set(headersVaultId, JSON.stringify(headers));
        else await vault.delete(headersVaultId);
        await settings.set(keys.headerNames, JSON.stringify(Object.keys(headers)));
        changed.push('headers');
      }
      const plain: Array<[keyof typeof keys, string | undefined]> = [
        ['enabled', input.enabled === undefined ? undefined : String(input.enabled)],
        ['endpoint', input.endpoint === undefined ? undefined : (input.endpoint ?? '')],
        ['serviceName', input.serviceName],
      ];
      for (const [field, value] of plain) {
        if (value === undefined) continue;
        await settings.set(keys[field], value);
        changed.push(field);
      }
      // One protocol is spoken; naming it is accepted and changes nothing.
      if (input.protocol !== undefined) changed.push('protocol');
      await store.transaction((tx) =>
        deps.audit.record(tx, actor, 'system:UpdateSettings', { type: 'setting', id: 'otel', projectId: null }, changed),
      );
      await applyStored();
      return get();
    },
  };
}
export type TelemetrySettingsService = ReturnType<typeof createTelemetrySettingsService>;
