import type { ProxyStatus, SystemStatus, UpstreamHealth, UsageRecordingStatus } from '../../../shared/operations';
import { agentBasePath, restBasePath } from '../../../shared/paths';
import type { RuntimeInfo } from '../runtime-info';
import type { SecretVault } from '../secrets/secret-vault';

export function createSystemService(deps: {
  runtime: RuntimeInfo;
  vault: SecretVault;
  proxyStats(): ProxyStatus;
  usageRecording(): UsageRecordingStatus;
  /** Route targets' circuit breakers and pooled keys, from the proxy. */
  upstreamHealth(): UpstreamHealth;
  /** Which edition of model prices costs use; the price table itself belongs to usage, composed in. */
  prices(): SystemStatus['priceTable'];
}) {
  return {
    /** Everything but the nearest budget, which the operation adds (it is read from the store). */
    getStatus(): Omit<SystemStatus, 'nearestBudget'> {
      const { runtime, vault } = deps;
      return {
        version: runtime.version,
        mode: runtime.mode,
        dataDir: runtime.dataDir,
        agentEndpoint: runtime.baseUrl ? `${runtime.baseUrl}${agentBasePath}` : null,
        apiBaseUrl: runtime.baseUrl ? `${runtime.baseUrl}${restBasePath}` : null,
        vault: { backend: vault.backend, description: vault.description, warning: vault.warning },
        startedAt: runtime.startedAt,
        proxy: deps.proxyStats(),
        usageRecording: deps.usageRecording(),
        priceTable: deps.prices(),
        upstreamHealth: deps.upstreamHealth(),
      };
    },
  };
}
export type SystemService = ReturnType<typeof createSystemService>;
