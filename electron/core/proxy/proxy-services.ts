import type { Db } from '../db/database';
import type { AiProvidersService } from '../services/ai-providers-service';
import type { SecretsService } from '../services/secrets-service';
import type { TokensService } from '../services/tokens-service';
import type { ProxyDeps } from './proxy-deps';

/** The proxy's view of the store: job-token authentication, provider resolution, vault reads, spend so far. */
export function proxyStoreDeps(store: { db: Db; tokens: TokensService; aiProviders: AiProvidersService; secrets: SecretsService }): Pick<ProxyDeps, 'authenticateJobToken' | 'resolveProvider' | 'readSecret' | 'loadSpentMicroUsd'> {
  const spent = store.db.prepare<[string], number>('SELECT COALESCE(SUM(cost_micro_usd), 0) FROM usage_daily WHERE token_id = ?').pluck();
  return {
    authenticateJobToken: (value) => store.tokens.authenticate(value, 'job', 'proxy'),
    resolveProvider: (projectId, ref) => store.aiProviders.resolveForProxy(projectId, ref),
    readSecret: (secretId) => store.secrets.readValue(secretId),
    loadSpentMicroUsd: (tokenId) => spent.get(tokenId) ?? 0,
  };
}
