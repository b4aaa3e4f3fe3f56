import type { AiProvider } from '../../../shared/operations/ai-providers';
import type { LocalAnswer } from './provider';

/** Model ids in the list formats of OpenAI (`data[].id`), Gemini (`models[].name`) and Ollama (`models[].name`). */
export function listedModelIds(body: unknown): string[] {
  const value = body as { data?: { id?: unknown }[]; models?: { name?: unknown }[] } | null;
  const ids = [...(value?.data ?? []).map((m) => m.id), ...(value?.models ?? []).map((m) => m.name)];
  return ids.filter((id): id is string => typeof id === 'string').map((id) => id.replace(/^models\//, ''));
}

/**
 * For runtime endpoints without a model list (Azure deployments, Bedrock): `GET /v1/models` is
 * answered with what the record is configured with, in OpenAI's list format.
 */
export function configuredModelsAnswer(aiProvider: AiProvider, method: string, path: string): LocalAnswer | null {
  if (method !== 'GET' || path !== '/v1/models') return null;
  const ids = new Set([aiProvider.defaultModel]);
  const deployment = aiProvider.config?.deployment;
  if (typeof deployment === 'string') ids.add(deployment);
  return { status: 200, body: { object: 'list', data: [...ids].map((id) => ({ id, object: 'model', owned_by: aiProvider.provider })) } };
}
