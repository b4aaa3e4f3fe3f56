import type { ProxyStatus, SystemStatus } from '../../../shared/operations';
import type { RuntimeInfo } from '../runtime-info';
import type { SecretVault } from '../secrets/secret-vault';

export function createSystemService(deps: { runtime: RuntimeInfo; vault: SecretVault; proxyStats(): ProxyStatus }) {
  return {
    getStatus(): SystemStatus {
      const { runtime, vault } = deps;
      return {
        version: runtime.version,
        mode: runtime.mode,
        dataDir: runtime.dataDir,
        agentEndpoint: runtime.baseUrl ? `${runtime.baseUrl}/v3` : null,
        apiBaseUrl: runtime.baseUrl ? `${runtime.baseUrl}/api/v1` : null,
        vault: { backend: vault.backend, warning: vault.warning },
        startedAt: runtime.startedAt,
        proxy: deps.proxyStats(),
      };
    },
  };
}
export type SystemService = ReturnType<typeof createSystemService>;
