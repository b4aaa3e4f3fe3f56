import { z } from 'zod';
import { ProjectId } from '../ids';
import { ProviderTestResult } from './ai-providers';
import { defineOperation } from './define';

/** A provider's last connection test, kept until the next one (or until the provider is deleted). */
export const AiProviderTest = z.object({
  aiProviderId: z.string(),
  result: ProviderTestResult,
});
export type AiProviderTest = z.infer<typeof AiProviderTest>;

export const aiProviderTestOperations = {
  /**
   * The last stored test of each provider, so a reload or a restart still shows it.
   * @example GET /api/v1/ai-provider-tests?projectId=prj_… → { "items": [{ "aiProviderId": "aip_…", "result": { "ok": false, … } }] }
   */
  listAiProviderTests: defineOperation({
    summary: "The last connection test of each AI provider: reachable, key accepted, model known, latency, and a failure's reason.",
    input: z.strictObject({ projectId: ProjectId.optional() }),
    output: z.object({ items: z.array(AiProviderTest) }),
    permission: 'aiProviders:ListAiProviders',
    http: { method: 'GET', path: '/ai-provider-tests' },
  }),
};
