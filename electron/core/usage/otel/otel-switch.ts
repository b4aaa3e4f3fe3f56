import type { UsageRecord } from '../../../../shared/operations/usage';
import type { Logger } from '../../log';
import { otelConfigFrom, type OtelConfig } from './otel-config';
import type { createOtelExport, OtelExport, OtelStats } from './otel-export';

type Env = Record<string, string | undefined>;

/** The variables that stand for a setting (the others tune the SDK's queue and intervals). */
const settingVariables = [
  'OTEL_SDK_DISABLED',
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
  'OTEL_EXPORTER_OTLP_METRICS_ENDPOINT',
  'OTEL_EXPORTER_OTLP_PROTOCOL',
  'OTEL_EXPORTER_OTLP_HEADERS',
  'OTEL_SERVICE_NAME',
  'OTEL_TRACES_EXPORTER',
  'OTEL_METRICS_EXPORTER',
];

/**
 * The OpenTelemetry export as Settings and the environment ask for it, replaceable while the
 * gateway serves: Settings are given as the `OTEL_*` variables they stand for, and every variable
 * the process was started with wins over its setting. The SDK is loaded only once something is to
 * be exported; an export being replaced is flushed and shut down in the background.
 */
export function createOtelSwitch(deps: { env: Env; log: Logger; version: string; load: () => Promise<typeof createOtelExport> }) {
  let current: OtelExport | null = null;
  let applying: Promise<void> = Promise.resolve();
  const fromEnvironment = Object.fromEntries(Object.entries(deps.env).filter(([name, value]) => name.startsWith('OTEL_') && value));

  async function replace(settings: Env): Promise<void> {
    const config: OtelConfig | null = otelConfigFrom({ ...settings, ...fromEnvironment });
    const next = config ? (await deps.load())(config, { log: deps.log, version: deps.version }) : null;
    const previous = current;
    current = next;
    if (previous) void previous.shutdown();
  }

  return {
    /** Tells the export in use (if any) of a finished request. */
    observe(row: UsageRecord): void {
      current?.observe(row);
    },
    /** Starts exporting as `settings` (OTEL_* names) and the environment say; resolves once in effect. */
    apply(settings: Env): Promise<void> {
      applying = applying
        .then(() => replace(settings))
        .catch((error: unknown) => {
          deps.log.error('OpenTelemetry export could not be started', { message: (error as Error).message.slice(0, 200) });
        });
      return applying;
    },
    /** The `OTEL_*` variables of the environment, which override Settings. */
    overriddenBy: (): string[] => settingVariables.filter((name) => name in fromEnvironment),
    exporting: (): boolean => current !== null,
    stats: (): OtelStats | null => current?.stats() ?? null,
    /** Sends what is pending now (tests; shutdown). */
    flush: (): Promise<void> => current?.flush() ?? Promise.resolve(),
    shutdown: (): Promise<void> => current?.shutdown() ?? Promise.resolve(),
  };
}
export type OtelSwitch = ReturnType<typeof createOtelSwitch>;
