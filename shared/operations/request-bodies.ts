import { z } from 'zod';
import { ProjectId } from '../ids';
import { defineOperation } from './define';

/** The most bytes of one body kept; beyond it the body is cut and marked. */
export const maxCapturedBodyBytes = 64 * 1024;
export const maxBodyCaptureDays = 30;

/**
 * Whether a project keeps request and response bodies, and for how long. Off by default: bodies
 * hold prompts and answers, so a project opts in, for at most 30 days.
 */
export const BodyCapture = z.object({
  projectId: z.string(),
  enabled: z.boolean(),
  /** Days a captured pair is kept; null while capture is off. */
  days: z.number().int().nullable(),
});
export type BodyCapture = z.infer<typeof BodyCapture>;

/** One captured body: redacted (keys, tokens, known secret shapes) and at most 64 KiB. */
export const CapturedBody = z.object({
  text: z.string(),
  /** The body was longer than what is kept; `bytes` is its whole size. */
  truncated: z.boolean(),
  bytes: z.number().int(),
});
export type CapturedBody = z.infer<typeof CapturedBody>;

/** A request's bodies as kept; a side is null when there was none (an answer the proxy refused before any upstream call). */
export const RequestBodies = z.object({
  requestId: z.string(),
  projectId: z.string(),
  at: z.string(),
  /** When the pair is pruned. */
  expiresAt: z.string(),
  request: CapturedBody.nullable(),
  response: CapturedBody.nullable(),
});
export type RequestBodies = z.infer<typeof RequestBodies>;

export const requestBodyOperations = {
  getBodyCapture: defineOperation({
    summary: 'Whether a project keeps request and response bodies (redacted), and for how many days.',
    input: z.strictObject({ projectId: ProjectId }),
    output: BodyCapture,
    permission: 'projects:GetProject',
    http: { method: 'GET', path: '/projects/:projectId/body-capture' },
  }),
  /**
   * @example PATCH /api/v1/projects/prj_…/body-capture { "enabled": true, "days": 7 }
   */
  updateBodyCapture: defineOperation({
    summary: 'Turn capture of request and response bodies on (kept 1–30 days, redacted, at most 64 KiB each) or off for a project.',
    input: z.strictObject({
      projectId: ProjectId,
      enabled: z.boolean(),
      days: z.number().int().min(1).max(maxBodyCaptureDays).optional(),
    }),
    output: BodyCapture,
    permission: 'projects:UpdateProject',
    http: { method: 'PATCH', path: '/projects/:projectId/body-capture' },
  }),
  getRequestBodies: defineOperation({
    summary: "A request's captured request and response bodies (redacted), when its project keeps them.",
    input: z.strictObject({ requestId: z.string().min(1).max(64) }),
    output: RequestBodies,
    permission: 'requests:ReadBodies',
    http: { method: 'GET', path: '/requests/:requestId/bodies' },
  }),
};
