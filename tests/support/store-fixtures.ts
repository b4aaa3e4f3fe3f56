import { cliActor } from '../../electron/core/operations/actor';
import type { Core } from '../../electron/core/boot';
import type { Permission } from '../../shared/permissions';
import { noTokenLimits } from '../../shared/operations/tokens';

let counter = 0;
/** A name no other fixture uses. */
export const uniqueName = (prefix: string) => `${prefix} ${++counter} ${Math.random().toString(36).slice(2, 8)}`;

/** Records made straight through the services (as the CLI would), for tests that need some. */
export function storeFixtures(core: Core) {
  return {
    secret: (value = 'fixture-secret-value', projectId?: string) =>
      core.secrets.create(cliActor, { name: uniqueName('secret'), value, projectId }),
    provider: (fields: { secretId?: string; projectId?: string } = {}) =>
      core.aiProviders.create(cliActor, {
        name: uniqueName('provider'),
        provider: 'openai',
        defaultModel: 'gpt-4o',
        authMethod: 'byo',
        ...fields,
      }),
    token: (permissions: readonly Permission[], fields: { kind?: 'api' | 'job'; expiresAt?: string; projectId?: string } = {}) =>
      core.tokens.create(cliActor, {
        name: uniqueName('token'),
        kind: fields.kind ?? 'api',
        permissions: [...permissions],
        allowedProviders: [],
        labels: {},
        limits: { ...noTokenLimits, requestsPerMinute: null, inputTokensPerMinute: null, spendCapUsd: null },
        expiresAt: fields.expiresAt,
        projectId: fields.projectId,
      }),
  };
}
export type StoreFixtures = ReturnType<typeof storeFixtures>;
