import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { GatewaySettings, OperationParsedInput } from '../../../shared/operations';
import { agentBasePath } from '../../../shared/paths';
import type { SettingsRepo } from '../db/settings-repo';
import type { Logger, LogLevel } from '../log';
import type { RuntimeInfo } from '../runtime-info';

const logLevelKey = 'log.level';
const isLogLevel = (value: string | null): value is LogLevel =>
  value === 'debug' || value === 'info' || value === 'warn' || value === 'error';

/** The gateway settings an admin changes from the UI: the port for the next start, the log level now. */
export function createGatewaySettingsService(deps: {
  settings: SettingsRepo;
  runtime: RuntimeInfo;
  log: Logger;
  /** The port the next start listens on (the remembered one), and how to change it. */
  port: { read(): Promise<number | null>; write(port: number): Promise<void> };
}) {
  const { settings, runtime, log } = deps;
  const listeningPort = () => (runtime.baseUrl ? Number(new URL(runtime.baseUrl).port) : null);

  async function get(): Promise<GatewaySettings> {
    const port = (await deps.port.read()) ?? listeningPort();
    const stored = await settings.get(logLevelKey);
    return {
      port,
      listeningPort: listeningPort(),
      agentEndpointAfterRestart: port === null ? null : `http://127.0.0.1:${port}${agentBasePath}`,
      logLevel: isLogLevel(stored) ? stored : 'info',
      dataDir: runtime.dataDir,
      dataDirBytes: await sizeOf(runtime.dataDir),
    };
  }

  return {
    get,
    async update(input: OperationParsedInput<'updateGatewaySettings'>): Promise<GatewaySettings> {
      if (input.port !== undefined) await deps.port.write(input.port);
      if (input.logLevel !== undefined) {
        await settings.set(logLevelKey, input.logLevel);
        log.setLevel?.(input.logLevel);
        log.info('log level changed', { level: input.logLevel });
      }
      return get();
    },
    /** At start: the level chosen in Settings wins over the default one. */
    async applyStoredLogLevel(): Promise<void> {
      const stored = await settings.get(logLevelKey);
      if (isLogLevel(stored)) log.setLevel?.(stored);
    },
  };
}
export type GatewaySettingsService = ReturnType<typeof createGatewaySettingsService>;

/** Bytes of every file under `dir`; a file that vanishes while counted counts as nothing. */
async function sizeOf(dir: string): Promise<number> {
  let total = 0;
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += await sizeOf(full);
    else if (entry.isFile())
      total += await stat(full).then(
        (s) => s.size,
        () => 0,
      );
  }
  return total;
}
