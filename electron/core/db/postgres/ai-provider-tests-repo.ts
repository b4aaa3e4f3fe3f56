import { ProviderTestResult } from '../../../../shared/operations';
import type { AiProviderTestsRepo } from '../ai-provider-tests-repo';
import type { Sql } from './sql';

/** The `ai_provider_tests` table on PostgreSQL: the result as JSONB, checked against the contract when read. */
export function createPgAiProviderTestsRepo(sql: Sql): AiProviderTestsRepo {
  return {
    async put(aiProviderId, result) {
      // Selecting from ai_providers makes a test that outlived its provider write nothing.
      await sql.query(
        `INSERT INTO ai_provider_tests (ai_provider_id, project_id, result, tested_at)
         SELECT id, project_id, $2::jsonb, $3 FROM ai_providers WHERE id = $1
         ON CONFLICT (ai_provider_id) DO UPDATE SET result = excluded.result, tested_at = excluded.tested_at`,
        [aiProviderId, JSON.stringify(result), result.testedAt],
      );
    },
    async list(projectId) {
      const { rows } = await sql.query<{ ai_provider_id: string; result: unknown }>(
        `SELECT ai_provider_id, result FROM ai_provider_tests
         WHERE ($1::text IS NULL OR project_id = $1) ORDER BY ai_provider_id`,
        [projectId],
      );
      return rows.flatMap((row) => {
        const parsed = ProviderTestResult.safeParse(row.result);
        return parsed.success ? [{ aiProviderId: row.ai_provider_id, result: parsed.data }] : [];
      });
    },
  };
}
