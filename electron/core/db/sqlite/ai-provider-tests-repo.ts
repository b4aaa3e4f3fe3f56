import { ProviderTestResult } from '../../../../shared/operations';
import type { AiProviderTestsRepo } from '../ai-provider-tests-repo';
import type { Db } from './database';
import type { Synchronous } from './promised';

/** The `ai_provider_tests` table: the result as JSON, checked against the contract when read. */
export function createAiProviderTestsRepo(db: Db): Synchronous<AiProviderTestsRepo> {
  // Selecting from ai_providers makes a test that outlived its provider write nothing.
  const upsert = db.prepare<{ aiProviderId: string; result: string; testedAt: string }>(
    `INSERT INTO ai_provider_tests (ai_provider_id, project_id, result, tested_at)
     SELECT id, project_id, @result, @testedAt FROM ai_providers WHERE id = @aiProviderId
     ON CONFLICT (ai_provider_id) DO UPDATE SET result = excluded.result, tested_at = excluded.tested_at`,
  );
  const byProject = db.prepare<{ projectId: string | null }, { ai_provider_id: string; result: string }>(
    `SELECT ai_provider_id, result FROM ai_provider_tests
     WHERE (@projectId IS NULL OR project_id = @projectId) ORDER BY ai_provider_id`,
  );
  return {
    put(aiProviderId, result) {
      upsert.run({ aiProviderId, result: JSON.stringify(result), testedAt: result.testedAt });
    },
    list(projectId) {
      return byProject.all({ projectId }).flatMap((row) => {
        // A row an older version wrote in another shape is skipped, not shown half-read.
        const parsed = ProviderTestResult.safeParse(JSON.parse(row.result));
        return parsed.success ? [{ aiProviderId: row.ai_provider_id, result: parsed.data }] : [];
      });
    },
  };
}
