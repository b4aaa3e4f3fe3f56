import type { PlanRequest } from './provider';

/** The request's model, or the record's default model written into the body when it names none. */
export function modelOrDefault(request: PlanRequest): { model: string | null; changed: boolean } {
  const body = request.body;
  if (!body) return { model: null, changed: false };
  if (typeof body.model === 'string' && body.model) return { model: body.model, changed: false };
  if (request.method !== 'POST') return { model: null, changed: false };
  body.model = request.aiProvider.defaultModel;
  return { model: request.aiProvider.defaultModel, changed: true };
}
